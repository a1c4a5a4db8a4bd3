package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.TableEncryptionException;
import io.github.hsmkeystore.core.WaitPolicy;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The typed catalogue on encrypted tables, opened only after verification. */
class ProductCatalogIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final WaitPolicy FAST = WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(100))
            .timeout(Duration.ofSeconds(20)).build();
    private static final String CARD = "4111111111111111";

    static KmsKey key;
    static KmsKey otherKey;
    static EncryptedTableFactory tables;
    static DynamoDbEnhancedClient enhanced;

    @BeforeAll
    static void setUp() {
        LocalHsmKeyStore l = local.local();
        var store = KeyStoreBuilder.standardKms(l.kmsClient()).waitPolicy(FAST)
                .addKey(k -> k.alias("alias/products")).addKey(k -> k.alias("alias/other")).provision();
        key = store.findKey("alias/products").orElseThrow();
        otherKey = store.findKey("alias/other").orElseThrow();
        tables = EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), FAST);
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(l.dynamoDbClient()).build();
    }

    private static String newTable() {
        String name = "products-" + UUID.randomUUID().toString().substring(0, 8);
        tables.table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        return name;
    }

    private static Product laptop(String id) {
        return new Product(id, "Laptop", new BigDecimal("1299.99"), Instant.parse("2026-11-29T09:00:00Z"), CARD);
    }

    @Test
    void addGetUpdateDelete_roundTripThroughEncryptedTable() {
        ProductCatalog catalog = ProductCatalog.open(enhanced, tables, newTable(), key);
        catalog.add(laptop("p-1"));
        assertThat(catalog.get("p-1")).contains(laptop("p-1"));

        Product change = new Product();
        change.setId("p-1");
        change.setPrice(new BigDecimal("999.00"));
        Product updated = catalog.update(change);
        assertThat(updated.getPrice()).isEqualByComparingTo("999");
        assertThat(updated.getName()).as("ignoreNulls keeps the other fields").isEqualTo("Laptop");
        assertThat(updated.getCreditCard()).isEqualTo(CARD);

        assertThat(catalog.delete("p-1")).isPresent();
        assertThat(catalog.get("p-1")).isEmpty();
        assertThat(catalog.delete("p-1")).isEmpty();
    }

    @Test
    void add_existingId_failsAndKeepsTheOriginal() {
        ProductCatalog catalog = ProductCatalog.open(enhanced, tables, newTable(), key);
        catalog.add(laptop("p-1"));
        Product other = laptop("p-1");
        other.setName("Tablet");
        assertThatThrownBy(() -> catalog.add(other)).isInstanceOf(IllegalStateException.class).hasMessageContaining("p-1");
        assertThat(catalog.get("p-1").orElseThrow().getName()).isEqualTo("Laptop");
    }

    @Test
    void update_missingProduct_failsWithoutCreatingIt() {
        ProductCatalog catalog = ProductCatalog.open(enhanced, tables, newTable(), key);
        Product change = new Product();
        change.setId("ghost");
        change.setName("x");
        assertThatThrownBy(() -> catalog.update(change)).isInstanceOf(NoSuchElementException.class).hasMessageContaining("ghost");
        assertThat(catalog.get("ghost")).isEmpty();
    }

    @Test
    void list_returnsAtMostLimitProducts() {
        ProductCatalog catalog = ProductCatalog.open(enhanced, tables, newTable(), key);
        for (int i = 0; i < 7; i++) {
            catalog.put(laptop("p-" + i));
        }
        assertThat(catalog.list(5)).hasSize(5);
        assertThat(catalog.list(100)).hasSize(7).extracting(Product::getId).doesNotHaveDuplicates();
    }

    @Test
    void open_tableEncryptedWithAnotherKey_refusesBeforeAnyItemOperation() {
        String name = newTable();
        long gets = local.local().requestCount("dynamodb", "GetItem");
        assertThatThrownBy(() -> ProductCatalog.open(enhanced, tables, name, otherKey))
                .isInstanceOf(TableEncryptionException.class).hasMessageContaining(key.arn()).hasMessageContaining(otherKey.arn());
        assertThat(local.local().requestCount("dynamodb", "GetItem")).isEqualTo(gets);
    }

    @Test
    void storedItem_keepsPriceExactAndCardInClearOnlyInTheItem() {
        String name = newTable();
        ProductCatalog catalog = ProductCatalog.open(enhanced, tables, name, key);
        Product p = laptop("p-9");
        p.setPrice(new BigDecimal("0.1000000000000000000000000000000000001"));
        catalog.put(p);
        var raw = local.local().dynamoDbClient().getItem(r -> r.tableName(name).key(java.util.Map.of("id", AttributeValue.fromS("p-9")))).item();
        assertThat(raw.get("price").n()).isEqualTo("0.1000000000000000000000000000000000001");
        assertThat(raw.get("createdAt").s()).isEqualTo("2026-11-29T09:00:00Z");
        assertThat(TableSchema.fromBean(Product.class).mapToItem(raw)).isEqualTo(p);
        assertThat(catalog.get("p-9").orElseThrow().toString()).doesNotContain(CARD);
    }
}
