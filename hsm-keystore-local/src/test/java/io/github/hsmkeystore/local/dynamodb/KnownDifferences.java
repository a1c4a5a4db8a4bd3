package io.github.hsmkeystore.local.dynamodb;

import java.util.regex.Pattern;

/**
 * Where moto_server 5.2.1 contradicts the AWS documentation, the emulator follows AWS. Each case names the
 * documentation it relies on; the differential test accepts the difference (and stops the sequence if the two
 * engines' states may differ from then on).
 *
 * <ol>
 *   <li>{@code size(path)} of an attribute the item does not have: moto answers a 500 (conditions) or a
 *   ValidationException (filters); on AWS the comparison is simply false for that item (DynamoDB Developer Guide,
 *   "Comparison operator and function reference", {@code size}: a function of a missing attribute does not match).</li>
 *   <li>{@code a BETWEEN b AND c} when {@code a} is the number 0: moto does not match it; AWS matches
 *   "a greater than or equal to b, and less than or equal to c" (same guide page, BETWEEN).</li>
 *   <li>{@code ReturnValues=UPDATED_NEW / UPDATED_OLD}: moto adds the key attributes, leaves out attributes written with
 *   the same value they had, and leaves out sets changed by ADD/DELETE; AWS returns "only the updated attributes"
 *   (API reference UpdateItem, ReturnValues): every attribute the update expression writes and never the key.</li>
 *   <li>A reserved word nested in a ProjectionExpression path ({@code m.name}): moto returns the attribute; AWS rejects
 *   any reserved word used as an attribute name in an expression (DynamoDB Developer Guide, "Reserved words in DynamoDB":
 *   "Don't use any of these words as attribute names in expressions"), and moto itself rejects the same nested name in a
 *   ConditionExpression. Messages only (the suite compares error codes): for reserved words moto words a projection error
 *   {@code ProjectionExpression: ...} without "Invalid " and a filter error as {@code Invalid ConditionExpression: ...};
 *   AWS says {@code Invalid ProjectionExpression: ...} and {@code Invalid FilterExpression: ...}, as the emulator does
 *   (quoted in aws-athena-query-federation#158 and DynamoDb-GUI-Client#31).</li>
 *   <li>The legacy {@code AttributesToGet} of GetItem: moto returns the whole item; AWS returns only the named attributes
 *   (DynamoDB Developer Guide, "AttributesToGet (legacy)": "an array of one or more attributes to retrieve from
 *   DynamoDB. If no attribute names are provided, then all attributes will be returned").</li>
 * </ol>
 */
final class KnownDifferences {
    private static final Pattern KEY_ATTRIBUTES = Pattern.compile("(?<=[{,])(pk=S:[^,}]*|sk=N:[^,}]*),?");

    private KnownDifferences() {
    }

    /** The documented reason when the two outcomes differ for a known reason, else null. */
    static String explain(String operation, String emulator, String moto) {
        if (moto.startsWith("ERR ") && (moto.endsWith("/500") || moto.endsWith("ValidationException/400"))
                && operation.contains("size(") && !emulator.startsWith("ERR ")) {
            return "1: moto fails on size() of a missing attribute";
        }
        if (moto.startsWith("ERR ") && moto.endsWith("/500") && operation.contains("size(")
                && emulator.startsWith("ERR ConditionalCheckFailedException")) {
            return "1: moto fails on size() of a missing attribute";
        }
        if (operation.contains("BETWEEN") && emulator.contains("v=N:0") && emulator.startsWith("OK")) {
            return "2: moto does not match 0 with BETWEEN";
        }
        if (operation.contains("BETWEEN") && operation.contains("count=true") && emulator.startsWith("OK") && moto.startsWith("OK")
                && pageCount(emulator) > pageCount(moto)) {
            return "2: moto does not match 0 with BETWEEN (Select COUNT: the items are not returned)";
        }
        if ((operation.contains("rv=UPDATED_NEW") || operation.contains("rv=UPDATED_OLD"))
                && emulator.startsWith("OK") && moto.startsWith("OK")) {
            String stripped = KEY_ATTRIBUTES.matcher(moto).replaceAll("").replace(",}", "}");
            if (stripped.equals("OK {}") && emulator.equals("OK null") || !stripped.equals(moto) || isSubsetOf(stripped, emulator)) {
                return "3: moto's UPDATED_NEW/UPDATED_OLD attribute selection";
            }
        }
        if (operation.contains("nested-reserved") && emulator.equals("ERR ValidationException/400") && moto.startsWith("OK")) {
            return "4: moto accepts a reserved word nested in a ProjectionExpression path";
        }
        if (operation.contains("AttributesToGet") && emulator.startsWith("OK") && moto.startsWith("OK") && emulator.startsWith("OK {") && java.util.Arrays.stream(emulator.substring(4, emulator.length() - 1).split(",(?=[a-z]+=)"))
                .allMatch(moto::contains)) {
            return "5: moto ignores AttributesToGet on GetItem";
        }
        return null;
    }

    private static int pageCount(String outcome) {
        int total = 0;
        for (java.util.regex.Matcher m = Pattern.compile("page\\((\\d+)/").matcher(outcome); m.find(); ) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    /** Whether every top-level attribute text of {@code smaller} appears in {@code larger} (return-value selections). */
    private static boolean isSubsetOf(String smaller, String larger) {
        if (!smaller.startsWith("OK {") || !larger.startsWith("OK {")) {
            return false;
        }
        String inner = smaller.substring(4, smaller.length() - 1);
        return inner.isEmpty() || larger.contains(inner.split(",(?=[a-z]+=)")[0]);
    }
}
