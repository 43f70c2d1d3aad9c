/** Accounts: registration, password policy and the administrator list. */
@NullMarked
package io.behavioralbiometrics.identity.account;

import org.jspecify.annotations.NullMarked;
