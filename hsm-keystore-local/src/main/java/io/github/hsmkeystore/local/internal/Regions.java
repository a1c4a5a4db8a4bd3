package io.github.hsmkeystore.local.internal;

import java.util.regex.Pattern;

/**
 * AWS Region names: a partition prefix, a geography and a number ({@code us-east-1}, {@code eu-central-2},
 * {@code us-gov-west-1}, {@code cn-north-1}, {@code us-isob-east-1}, {@code eusc-de-east-1}). The emulator keeps state per Region, so a name
 * that is not shaped as one is refused rather than given state of its own (docs/emulator-http.md "Regions").
 */
public final class Regions {
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]{2,4})?-[a-z]{4,12}-[1-9][0-9]?");

    private Regions() {
    }

    /** Whether {@code name} is shaped as an AWS Region name. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= 32 && REGION.matcher(name).matches();
    }

    /** The name for an error message: printable ASCII only, at most 64 characters. */
    public static String printable(String name) {
        String s = String.valueOf(name).replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
