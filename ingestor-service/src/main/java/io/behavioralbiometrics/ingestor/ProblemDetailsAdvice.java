package io.behavioralbiometrics.ingestor;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for the few HTTP endpoints of this service. The WebSocket
 * handshake answers its own 401/403/429 before the upgrade; socket-level errors are
 * error frames and close codes, not HTTP responses.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
}
