package io.behavioralbiometrics.risk.web;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.ErrorResponseException;

/** A user may act on their own data; an admin on anyone's. The subject is the token's {@code sub}. */
public final class AccessPolicy {

    public static final String ADMIN = "ROLE_ADMIN";

    private AccessPolicy() {
    }

    public static boolean isSelfOrAdmin(Authentication authentication, UUID userId) {
        return userId.toString().equals(authentication.getName()) || isAdmin(authentication);
    }

    public static boolean isAdmin(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(ADMIN::equals);
    }

    /** @throws ErrorResponseException 403 unless the caller is {@code userId} or an admin */
    public static void requireSelfOrAdmin(Authentication authentication, UUID userId) {
        if (!isSelfOrAdmin(authentication, userId)) {
            throw forbidden("Only user " + userId + " or an admin may do this");
        }
    }

    public static ErrorResponseException forbidden(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setTitle("Forbidden");
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }
}
