package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** CloudHSMv2 tags of clusters and backups: TagResource, UntagResource, ListTags and TagList validation. */
final class ClusterTags {
    private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    private ClusterTags() {
    }

    static ObjectNode tagResource(Map<String, String> current, JsonRequest request) {
        Map<String, String> tags = parse(request, "TagList");
        if (!request.has("TagList")) {
            throw JsonRequest.missing("TagList");
        }
        Map<String, String> merged = new LinkedHashMap<>(current);
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw CloudHsmErrors.tag("A resource can have at most 50 tags; this request would give it " + merged.size());
        }
        current.putAll(tags);
        return Json.object();
    }

    static ObjectNode untagResource(Map<String, String> current, JsonRequest request) {
        List<String> keys = request.stringList("TagKeyList");
        if (keys.isEmpty() || keys.size() > 50) {
            throw CloudHsmErrors.invalidRequest("TagKeyList must hold 1 to 50 keys");
        }
        keys.forEach(current::remove);
        return Json.object();
    }

    static ObjectNode listTags(Map<String, String> current, JsonRequest request) {
        Integer maxResults = request.integer("MaxResults", 1, 100);
        String nextToken = request.string("NextToken", 0, 256);
        List<Map.Entry<String, String>> entries = new ArrayList<>(current.entrySet());
        int start = nextToken == null ? 0 : CloudHsmService.decodeToken(nextToken, entries.size());
        int end = Math.min(entries.size(), start + (maxResults == null ? 50 : maxResults));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("TagList");
        entries.subList(start, end).forEach(e -> list.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
        if (end < entries.size()) {
            out.put("NextToken", java.util.Base64.getEncoder().encodeToString(("offset:" + end).getBytes()));
        }
        return out;
    }

    static Map<String, String> parse(JsonRequest request, String member) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (!request.has(member)) {
            return tags;
        }
        List<JsonRequest> list = request.objectList(member);
        if (list.isEmpty() || list.size() > 50) {
            throw CloudHsmErrors.tag(member + " must hold 1 to 50 tags; got " + list.size());
        }
        for (JsonRequest tag : list) {
            String key = tag.requiredString("Key");
            String value = tag.requiredString("Value");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256
                    || !TAG_TEXT.matcher(key).matches() || !TAG_TEXT.matcher(value).matches()) {
                throw CloudHsmErrors.tag("Tag '" + key + "' is invalid: keys are 1-128 and values 0-256 characters of"
                        + " letters, digits, spaces and _.:/=+-@");
            }
            if (key.startsWith("aws:")) {
                throw CloudHsmErrors.tag("Tag keys starting with aws: are reserved for AWS");
            }
            tags.put(key, value);
        }
        return tags;
    }
}
