package io.github.hsmkeystore.local.internal.http;

import java.util.ArrayList;
import java.util.List;

/** The header fields of a request in the order received; names compare case-insensitively (RFC 9110 5.1). */
public final class Headers {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** Appends one field line. */
    void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    /** The first value of a field, or null when it is absent. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of a field, in order (empty when it is absent). */
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                all.add(values.get(i));
            }
        }
        return all;
    }

    /** Whether the field is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** The number of field lines. */
    public int size() {
        return names.size();
    }

    /** Whether a comma-separated field (e.g. {@code Connection}) has this token, case-insensitively. */
    boolean containsToken(String name, String token) {
        for (String value : getAll(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names only: values may carry credentials ({@code Authorization}). */
    @Override
    public String toString() {
        return "Headers" + names;
    }
}
