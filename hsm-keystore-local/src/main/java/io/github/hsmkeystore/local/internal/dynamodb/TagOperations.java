package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsOfResource on table ARNs, and CreateTable's {@code Tags}
 * (docs/dynamodb-tables.md, "Tags"). Changes are visible at once (DynamoDB applies them eventually).
 */
final class TagOperations {
    static final int MAX_TAGS = 50;
    /** Tagging restrictions (Developer Guide): letters, white space, numbers and {@code + - = . _ : / @}. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}+\\-=._:/@]*");
    private final DynamoDbService ddb;

    TagOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode tag(DynamoDbService.State state, JsonRequest r) {
        Table t = table(state, r, true);
        if (!r.has("Tags")) {
            throw JsonRequest.missing("Tags");
        }
        Map<String, String> tags = tags(r, "tags");
        Map<String, String> merged = new LinkedHashMap<>(t.settings.tags);
        merged.putAll(tags);
        checkCount(merged.size());
        t.settings.tags.putAll(tags);
        return Json.object();
    }

    ObjectNode untag(DynamoDbService.State state, JsonRequest r) {
        Table t = table(state, r, true);
        if (!r.has("TagKeys")) {
            throw JsonRequest.missing("TagKeys");
        }
        List<String> keys = r.stringList("TagKeys");
        for (String k : keys) {
            JsonRequest.checkLength("TagKeys.member", k, 1, 128);
        }
        keys.forEach(t.settings.tags::remove);
        return Json.object();
    }

    /** All tags in one page: a table has at most 50, so no NextToken is returned; a NextToken given is refused. */
    ObjectNode list(DynamoDbService.State state, JsonRequest r) {
        Table t = table(state, r, false);
        if (r.string("NextToken") != null) {
            throw AwsException.validation("Invalid NextToken: hsm-keystore-local returns all tags of a table in one page and issues no NextToken");
        }
        ObjectNode out = Json.object();
        ArrayNode a = out.putArray("Tags");
        t.settings.tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
        return out;
    }

    /** The {@code Tags} list of a request (CreateTable or TagResource), validated; later duplicates win as on DynamoDB. */
    static Map<String, String> tags(JsonRequest r, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        List<JsonRequest> list = r.objectList("Tags");
        if (r.has("Tags") && list.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value '[]' at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        for (JsonRequest tag : list) {
            String key = tag.requiredString("Key", 1, 128);
            String value = tag.requiredString("Value", 0, 256);
            if (!TAG_TEXT.matcher(key).matches() || !TAG_TEXT.matcher(value).matches()) {
                throw AwsException.validation("One or more parameter values were invalid: tag keys and values may contain only letters,"
                        + " white space, numbers and + - = . _ : / @");
            }
            if (key.startsWith("aws:")) {
                throw AwsException.validation("One or more parameter values were invalid: tag keys starting with 'aws:' are reserved for AWS use");
            }
            out.put(key, value);
        }
        checkCount(out.size());
        return out;
    }

    private static void checkCount(int n) {
        if (n > MAX_TAGS) {
            throw AwsException.validation("One or more parameter values were invalid: The number of tags on a table is limited to "
                    + MAX_TAGS + "; this request would make it " + n);
        }
    }

    /** The table a ResourceArn names, in this account and Region; to change its tags it must not be being created or deleted. */
    private Table table(DynamoDbService.State state, JsonRequest r, boolean change) {
        String arn = r.requiredString("ResourceArn", 1, 1283);
        String prefix = state.scope.arnPrefix("dynamodb") + "table/";
        String name = arn.startsWith(prefix) ? arn.substring(prefix.length()) : null;
        if (name == null || !arn.matches("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[a-zA-Z0-9_.-]{3,255}")) {
            if (arn.matches("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[a-zA-Z0-9_.-]{3,255}")) {
                // a table ARN of another account or Region: not found here
                throw notFound(arn);
            }
            throw AwsException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        Table t = state.tables.get(name);
        if (t == null) {
            throw notFound(arn);
        }
        if (change && (t.deletionDue != null || t.status.equals("CREATING"))) {
            throw AwsException.client("ResourceInUseException", "Attempt to change a resource which is still in use: Table is being "
                    + (t.deletionDue != null ? "deleted" : "created") + ": " + t.name);
        }
        return t;
    }

    private static AwsException notFound(String arn) {
        return AwsException.client("ResourceNotFoundException", "Requested resource not found: ResourcArn: " + arn + " not found");
    }
}
