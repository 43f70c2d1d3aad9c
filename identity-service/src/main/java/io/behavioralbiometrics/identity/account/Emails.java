package io.behavioralbiometrics.identity.account;

import java.util.Locale;

/** Emails are compared and stored trimmed and in lower case. */
public final class Emails {

    private Emails() {
    }

    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
