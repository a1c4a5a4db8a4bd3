package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** KMS list pagination: an opaque Marker, {@code NextMarker} and {@code Truncated}. */
final class Paging {
    private Paging() {
    }

    static int start(String marker, int size) {
        if (marker == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring(7));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw AwsException.client("InvalidMarkerException", "The marker " + marker + " is not valid");
    }

    static void finish(ObjectNode out, int end, int size) {
        boolean truncated = end < size;
        out.put("Truncated", truncated);
        if (truncated) {
            out.put("NextMarker", Base64.getEncoder().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
