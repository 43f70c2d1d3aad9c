package io.behavioralbiometrics.identity.account;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start who the administrators are, so a misconfigured list is seen before it is
 * needed: ids without an account (a typo, or an erased account) and the email list that
 * earlier versions read, which is ignored now.
 */
@Component
class Administrators {

    private static final Logger log = LoggerFactory.getLogger(Administrators.class);
    static final String REMOVED_EMAIL_LIST = "bb.identity.admin-emails";

    private final IdentityProperties properties;
    private final UserRepository users;
    private final Environment environment;

    Administrators(IdentityProperties properties, UserRepository users, Environment environment) {
        this.properties = properties;
        this.users = users;
        this.environment = environment;
    }

    @EventListener(ApplicationStartedEvent.class)
    void report() {
        String emails = environment.getProperty(REMOVED_EMAIL_LIST, "");
        if (!emails.isBlank()) {
            log.warn("{} (BB_IDENTITY_ADMIN_EMAILS) is ignored: an address grants nothing, since anyone can "
                    + "register one. List the administrators' user ids in bb.identity.admin-user-ids "
                    + "(BB_IDENTITY_ADMIN_USER_IDS)", REMOVED_EMAIL_LIST);
        }
        for (UUID id : properties.adminUserIds()) {
            if (!users.existsById(id)) {
                log.warn("Administrator id {} in bb.identity.admin-user-ids has no account", id);
            }
        }
        log.info("{} administrator id(s) configured", properties.adminUserIds().size());
    }
}
