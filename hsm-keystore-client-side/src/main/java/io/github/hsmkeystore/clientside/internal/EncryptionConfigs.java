package io.github.hsmkeystore.clientside.internal;

import io.github.hsmkeystore.clientside.AttributeAction;
import io.github.hsmkeystore.clientside.ClientSideTableDefinition;
import io.github.hsmkeystore.clientside.ClientSideTableDefinition.Beacon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.DynamoDbEncryptionInterceptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.BeaconKeySource;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.BeaconVersion;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.DynamoDbTableEncryptionConfig;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.DynamoDbTablesEncryptionConfig;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.GetSuffix;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.SearchConfig;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.SingleKeyStore;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.StandardBeacon;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.VirtualField;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.VirtualPart;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.model.VirtualTransform;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.materialproviders.IKeyring;

/** Builds DB-ESDK's interceptor for one table from its actions, keyring, suite and beacons. */
public final class EncryptionConfigs {
    private EncryptionConfigs() {
    }

    /**
     * @param tableName the physical (and logical) table name
     * @param metadata the item type's table metadata (primary keys)
     * @param actions every attribute's action
     * @param definition suite and beacons
     * @param keyring the material providers' keyring
     * @param beaconKeys the key store holding the beacon key, or null when there are no beacons
     * @param beaconKeyId the beacon key id (the branch key id), or null
     * @param beaconCacheTtl how long the beacon key is cached, or null
     * @return the interceptor to add to a DynamoDB client
     */
    public static DynamoDbEncryptionInterceptor interceptor(String tableName, TableMetadata metadata,
            Map<String, AttributeAction> actions, ClientSideTableDefinition definition, IKeyring keyring,
            KeyStore beaconKeys, String beaconKeyId, Duration beaconCacheTtl) {
        Map<String, CryptoAction> crypto = new LinkedHashMap<>();
        List<String> unsigned = new ArrayList<>();
        actions.forEach((name, action) -> {
            crypto.put(name, action.cryptoAction());
            if (action == AttributeAction.DO_NOTHING) {
                unsigned.add(name);
            }
        });
        DynamoDbTableEncryptionConfig.Builder config = DynamoDbTableEncryptionConfig.builder()
                .logicalTableName(tableName)
                .partitionKeyName(metadata.primaryPartitionKey())
                .attributeActionsOnEncrypt(crypto)
                .keyring(keyring)
                .algorithmSuiteId(definition.algorithmSuite().id());
        metadata.primarySortKey().ifPresent(config::sortKeyName);
        if (!unsigned.isEmpty()) {
            config.allowedUnsignedAttributes(unsigned);
        }
        if (!definition.beacons().isEmpty()) {
            config.search(search(definition.beacons(), beaconKeys, beaconKeyId, beaconCacheTtl));
        }
        return DynamoDbEncryptionInterceptor.builder().config(DynamoDbTablesEncryptionConfig.builder()
                .tableEncryptionConfigs(Map.of(tableName, config.build())).build()).build();
    }

    private static SearchConfig search(List<Beacon> beacons, KeyStore keyStore, String keyId, Duration ttl) {
        List<StandardBeacon> standard = new ArrayList<>();
        List<VirtualField> virtual = new ArrayList<>();
        for (Beacon b : beacons) {
            StandardBeacon.Builder sb = StandardBeacon.builder().name(b.name()).length(b.length());
            if (b.suffixLength() > 0) {
                virtual.add(VirtualField.builder().name(b.name()).parts(List.of(VirtualPart.builder().loc(b.source())
                        .trans(List.of(VirtualTransform.builder().suffix(GetSuffix.builder().length(b.suffixLength())
                                .build()).build())).build())).build());
            } else if (!b.name().equals(b.source())) {
                sb.loc(b.source());
            }
            standard.add(sb.build());
        }
        BeaconVersion.Builder version = BeaconVersion.builder().version(1).keyStore(keyStore)
                .keySource(BeaconKeySource.builder().single(SingleKeyStore.builder().keyId(keyId)
                        .cacheTTL((int) ttl.toSeconds()).build()).build())
                .standardBeacons(standard);
        if (!virtual.isEmpty()) {
            version.virtualFields(virtual);
        }
        return SearchConfig.builder().writeVersion(1).versions(List.of(version.build())).build();
    }
}
