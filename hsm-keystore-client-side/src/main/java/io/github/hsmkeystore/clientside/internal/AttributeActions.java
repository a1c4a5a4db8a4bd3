package io.github.hsmkeystore.clientside.internal;

import io.github.hsmkeystore.clientside.AttributeAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.enhancedclient.SignOnlyTag;

/**
 * The attribute actions of a typed table: primary keys SIGN_ONLY, DB-ESDK's annotations
 * ({@code @DynamoDbEncryptionSignOnly}, {@code @DynamoDbEncryptionSignAndIncludeInEncryptionContext},
 * {@code @DynamoDbEncryptionDoNothing}) read from the schema's metadata, everything else ENCRYPT_AND_SIGN, then the
 * definition's explicit actions on top.
 */
public final class AttributeActions {
    /** The metadata keys DB-ESDK's attribute tags write (DoNothingTag, SignAndIncludeInEncryptionContextTag). */
    private static final String DO_NOTHING = "DynamoDbEncryption:DoNothing";
    private static final String SIGN_AND_INCLUDE = "DynamoDbEncryption:SignAndIncludeInEncryptionContext";

    private AttributeActions() {
    }

    /**
     * @param schema the item type's schema
     * @param explicit the definition's actions, which win over annotations
     * @return every attribute of the schema with its action, in schema order
     * @throws IllegalArgumentException when an explicit action names an unknown attribute or makes a key not SIGN_ONLY
     */
    public static Map<String, AttributeAction> of(TableSchema<?> schema, Map<String, AttributeAction> explicit) {
        TableMetadata metadata = schema.tableMetadata();
        Set<String> signOnly = names(metadata, SignOnlyTag.CUSTOM_DDB_ENCRYPTION_SIGN_ONLY_PREFIX);
        Set<String> signAndInclude = names(metadata, SIGN_AND_INCLUDE);
        Set<String> doNothing = names(metadata, DO_NOTHING);
        String partitionKey = metadata.primaryPartitionKey();
        String sortKey = metadata.primarySortKey().orElse(null);
        Map<String, AttributeAction> actions = new LinkedHashMap<>();
        for (String name : schema.attributeNames()) {
            AttributeAction action = AttributeAction.ENCRYPT_AND_SIGN;
            if (name.equals(partitionKey) || name.equals(sortKey) || signOnly.contains(name) || signAndInclude.contains(name)) {
                action = AttributeAction.SIGN_ONLY;
            } else if (doNothing.contains(name)) {
                action = AttributeAction.DO_NOTHING;
            }
            actions.put(name, action);
        }
        explicit.forEach((name, action) -> {
            if (!actions.containsKey(name)) {
                throw new IllegalArgumentException("Attribute action for '" + name + "': the item type has no such"
                        + " attribute; attributes: " + actions.keySet());
            }
            if ((name.equals(partitionKey) || name.equals(sortKey)) && action != AttributeAction.SIGN_ONLY) {
                throw new IllegalArgumentException("Attribute '" + name + "' is a primary key attribute: DB-ESDK requires"
                        + " SIGN_ONLY for it, not " + action);
            }
            actions.put(name, action);
        });
        return actions;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> names(TableMetadata metadata, String key) {
        return metadata.customMetadataObject(key, Set.class).map(s -> (Set<String>) s).orElse(Set.of());
    }
}
