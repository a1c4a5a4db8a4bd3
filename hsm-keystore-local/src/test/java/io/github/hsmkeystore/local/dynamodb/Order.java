package io.github.hsmkeystore.local.dynamodb;

import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A typed item for the enhanced-client tests: customer + orderId, GSI byStatus (status, createdAt), LSI byTotal. */
@DynamoDbBean
public class Order {
    private String customer;
    private String orderId;
    private String status;
    private String createdAt;
    private Long total;
    private String note;

    public Order() {
    }

    static Order of(String customer, String orderId, String status, String createdAt, long total) {
        Order o = new Order();
        o.customer = customer;
        o.orderId = orderId;
        o.status = status;
        o.createdAt = createdAt;
        o.total = total;
        return o;
    }

    @DynamoDbPartitionKey
    public String getCustomer() {
        return customer;
    }

    public void setCustomer(String customer) {
        this.customer = customer;
    }

    @DynamoDbSortKey
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byStatus")
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @DynamoDbSecondarySortKey(indexNames = "byStatus")
    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    @DynamoDbSecondarySortKey(indexNames = "byTotal")
    public Long getTotal() {
        return total;
    }

    public void setTotal(Long total) {
        this.total = total;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order other && Objects.equals(customer, other.customer) && Objects.equals(orderId, other.orderId)
                && Objects.equals(status, other.status) && Objects.equals(createdAt, other.createdAt)
                && Objects.equals(total, other.total) && Objects.equals(note, other.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customer, orderId);
    }

    @Override
    public String toString() {
        return "Order[" + customer + "/" + orderId + " " + status + " " + createdAt + " " + total + " " + note + "]";
    }
}
