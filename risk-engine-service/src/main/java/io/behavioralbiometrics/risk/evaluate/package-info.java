/**
 * Offline accuracy measurement on public data sets (Balabit mouse dynamics, CMU keystroke
 * benchmark) with the same feature extraction and model code the service runs.
 */
@NullMarked
package io.behavioralbiometrics.risk.evaluate;

import org.jspecify.annotations.NullMarked;
