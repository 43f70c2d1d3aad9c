/** Live scoring: the risk-engine consumer group on the events stream. */
@NullMarked
package io.behavioralbiometrics.risk.live;

import org.jspecify.annotations.NullMarked;
