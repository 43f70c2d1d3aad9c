/** HTTP concerns shared by the endpoints: problem details and who may act on whose data. */
@NullMarked
package io.behavioralbiometrics.risk.web;

import org.jspecify.annotations.NullMarked;
