/** HTTP answers every service gives alike: problem details for request bodies that are not acceptable JSON. */
@NullMarked
package io.behavioralbiometrics.core.web;

import org.jspecify.annotations.NullMarked;
