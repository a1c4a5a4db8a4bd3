package io.github.hsmkeystore.clientside;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.enhancedclient.DynamoDbEncryptionDoNothing;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.enhancedclient.DynamoDbEncryptionSignOnly;

/** A test item: id (key, SIGN_ONLY), creditCard (ENCRYPT_AND_SIGN by default), holder (annotated SIGN_ONLY), note (DO_NOTHING). */
@DynamoDbBean
public class Card {
    private String id;
    private String creditCard;
    private String holder;
    private String note;

    public Card() {
    }

    Card(String id, String creditCard, String holder, String note) {
        this.id = id;
        this.creditCard = creditCard;
        this.holder = holder;
        this.note = note;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getCreditCard() {
        return creditCard;
    }

    public void setCreditCard(String creditCard) {
        this.creditCard = creditCard;
    }

    @DynamoDbEncryptionSignOnly
    public String getHolder() {
        return holder;
    }

    public void setHolder(String holder) {
        this.holder = holder;
    }

    @DynamoDbEncryptionDoNothing
    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
