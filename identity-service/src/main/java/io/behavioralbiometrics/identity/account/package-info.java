/** Accounts: registration, password policy and the start-up report of the administrator list. */
@NullMarked
package io.behavioralbiometrics.identity.account;

import org.jspecify.annotations.NullMarked;
