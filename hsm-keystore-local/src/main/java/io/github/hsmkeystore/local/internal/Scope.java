package io.github.hsmkeystore.local.internal;

import java.util.Objects;

/** An AWS account and Region: every resource of the emulator lives in exactly one scope. */
public record Scope(String accountId, String region) {
    public Scope {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
    }

    /** The ARN prefix of a service in this scope, e.g. {@code arn:aws:kms:us-east-1:000000000000:}. */
    public String arnPrefix(String service) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":";
    }
}
