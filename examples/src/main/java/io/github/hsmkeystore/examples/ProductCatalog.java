package io.github.hsmkeystore.examples;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.dynamodb.EncryptedTables;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The product catalogue a service uses, on a table verified to be encrypted with its KMS key. Log lines carry
 * product ids only; {@link Product#toString()} masks the card number.
 *
 * <pre>{@code
 * ProductCatalog catalog = ProductCatalog.open(enhanced, tables, "products", key);
 * catalog.add(new Product("p-1", "Laptop", new BigDecimal("1299.99"), Instant.now(), "4111111111111111"));
 * Optional<Product> laptop = catalog.get("p-1");
 * }</pre>
 */
public final class ProductCatalog {
    private static final Logger log = LoggerFactory.getLogger(ProductCatalog.class);
    static final TableSchema<Product> SCHEMA = TableSchema.fromBean(Product.class);

    private final DynamoDbTable<Product> table;

    private ProductCatalog(DynamoDbTable<Product> table) {
        this.table = table;
    }

    /**
     * Opens the catalogue after verifying that the table is encrypted with {@code key}.
     *
     * @param enhanced the enhanced client
     * @param factory verifies the table's key
     * @param tableName the products table (partition key {@code id}, type S)
     * @param key the KMS key the table must use
     * @return the catalogue
     * @throws io.github.hsmkeystore.core.TableEncryptionException if the table uses another key
     */
    public static ProductCatalog open(DynamoDbEnhancedClient enhanced, EncryptedTableFactory factory, String tableName, KmsKey key) {
        return new ProductCatalog(EncryptedTables.open(enhanced, factory, tableName, key, SCHEMA).table());
    }

    /** @return the typed table, for operations the catalogue does not offer */
    public DynamoDbTable<Product> table() {
        return table;
    }

    /**
     * Adds a new product.
     *
     * @param product the product; its id must not exist yet
     * @throws IllegalStateException if a product with that id exists
     */
    public void add(Product product) {
        requireId(product);
        try {
            table.putItem(PutItemEnhancedRequest.builder(Product.class).item(product)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(id)").build()).build());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("Product " + product.getId() + " already exists; use put() to replace it", e);
        }
        log.debug("Added product [id={}]", product.getId());
    }

    /** Creates or replaces a product. */
    public void put(Product product) {
        requireId(product);
        table.putItem(product);
        log.debug("Put product [id={}]", product.getId());
    }

    /** @return the product with this id, or empty */
    public Optional<Product> get(String id) {
        return Optional.ofNullable(table.getItem(key(id)));
    }

    /**
     * Changes the non-null fields of {@code changes} on an existing product.
     *
     * @param changes the id and the fields to change; null fields are left as they are
     * @return the product after the change
     * @throws java.util.NoSuchElementException if no product has that id
     */
    public Product update(Product changes) {
        requireId(changes);
        try {
            Product updated = table.updateItem(UpdateItemEnhancedRequest.builder(Product.class).item(changes).ignoreNulls(true)
                    .conditionExpression(Expression.builder().expression("attribute_exists(id)").build()).build());
            log.debug("Updated product [id={}]", changes.getId());
            return updated;
        } catch (ConditionalCheckFailedException e) {
            throw new java.util.NoSuchElementException("No product " + changes.getId() + " to update");
        }
    }

    /** @return the deleted product, or empty if there was none */
    public Optional<Product> delete(String id) {
        Optional<Product> deleted = Optional.ofNullable(table.deleteItem(key(id)));
        log.debug("Deleted product [id={}, existed={}]", id, deleted.isPresent());
        return deleted;
    }

    /**
     * Lists products (a Scan, in no particular order), reading pages until {@code limit} products are found.
     *
     * @param limit the most products to return, at least 1
     * @return the products
     */
    public List<Product> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return table.scan().items().stream().limit(limit).collect(Collectors.toList());
    }

    private static Key key(String id) {
        return Key.builder().partitionValue(Objects.requireNonNull(id, "id must not be null")).build();
    }

    private static void requireId(Product product) {
        Objects.requireNonNull(product, "product must not be null");
        Objects.requireNonNull(product.getId(), "product id must not be null");
    }
}
