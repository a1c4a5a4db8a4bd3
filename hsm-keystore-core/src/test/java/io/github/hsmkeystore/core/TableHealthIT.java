package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** health() reports the status of the store's tables, including one whose key became unusable. */
class TableHealthIT {
    @RegisterExtension
    final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path caDir;

    @Test
    void health_tableWhoseStoreIsDisconnected_reportsInaccessibleTableWithFinding() {
        LocalHsmKeyStore l = local.local();
        String name = Fixtures.uniqueName("health");
        KeyStoreBuilder builder = Fixtures.builder(l, l.cloudHsmClient(), l.kmsClient(), caDir, name).tables(l.dynamoDbClient(), "orders");
        KmsKey key = builder.provision().findKey("alias/" + name).orElseThrow();
        EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), TestPolicies.FAST)
                .table("orders", t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));

        Health healthy = builder.health();
        assertThat(healthy.tableStates()).containsEntry("orders", TableStatus.ACTIVE);
        assertThat(healthy.missingTables()).isEmpty();
        assertThat(healthy.findings()).isEmpty();

        l.kmsClient().disconnectCustomKeyStore(r -> r.customKeyStoreId(key.customKeyStoreId().orElseThrow()));
        l.advanceClock(Duration.ofMinutes(6)); // past DynamoDB's ~5 minute cache of the table key
        Health degraded = builder.health();
        assertThat(degraded.tableStates()).containsEntry("orders", TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);
        assertThat(degraded.findings()).anySatisfy(f -> assertThat(f).contains("orders").contains("INACCESSIBLE_ENCRYPTION_CREDENTIALS")
                .contains("7 days"));
    }

    @Test
    void health_tableThatDoesNotExist_namedInMissingTablesWithFinding() {
        LocalHsmKeyStore l = local.local();
        String name = Fixtures.uniqueName("missing");
        KeyStoreBuilder builder = Fixtures.builder(l, l.cloudHsmClient(), l.kmsClient(), caDir, name)
                .tables(l.dynamoDbClient(), "no-such-table");
        builder.provision();

        Health h = builder.health();

        assertThat(h.missingTables()).containsExactly("no-such-table");
        assertThat(h.tableStates()).isEmpty();
        assertThat(h.healthy()).isFalse();
        assertThat(h.findings()).anySatisfy(f -> assertThat(f).contains("no-such-table").contains("does not exist"));
    }
}
