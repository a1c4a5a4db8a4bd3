package io.github.hsmkeystore.clientside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.model.OriginType;

class ClientSideEncryptionIT {
    private static final String CARD = "4111111111111111";

    @RegisterExtension
    static final LocalHsmKeyStoreExtension emulator = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ofMillis(20)));

    @TempDir
    static Path caDir;

    static LocalHsmKeyStore local;
    static KmsKey key;
    static BranchKeyStore branchKeys;
    static String branchKeyId;

    @BeforeAll
    static void provision() {
        local = emulator.local();
        key = ClientSideFixture.cloudHsmKey(local, caDir, ClientSideFixture.unique("cse"));
        branchKeys = BranchKeyStore.open(ClientSideFixture.tables(local), local.dynamoDbClient(), local.kmsClient(),
                ClientSideFixture.unique("branch-keys"), key);
        branchKeyId = branchKeys.createBranchKey();
    }

    private static Map<String, AttributeValue> raw(String table, String id) {
        return local.dynamoDbClient().getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private static long kmsCalls() {
        return local.requests().stream().filter(r -> r.service().equals("kms")).count();
    }

    @Test
    void put_kmsKeyring_encryptsEncryptAndSignOnlyAndReadsBack() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            cards.put(new Card("c1", CARD, "Ada", "gift"));

            Map<String, AttributeValue> stored = raw(name, "c1");
            assertThat(stored.get("creditCard").s()).isNull();
            assertThat(stored.get("creditCard").b().asByteArray()).isNotEmpty();
            assertThat(new String(stored.get("creditCard").b().asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(CARD);
            assertThat(stored.get("holder").s()).isEqualTo("Ada");
            assertThat(stored.get("note").s()).isEqualTo("gift");
            assertThat(stored.get("id").s()).isEqualTo("c1");
            assertThat(stored).containsKeys("aws_dbe_head", "aws_dbe_foot");
            assertThat(cards.actions()).containsEntry("id", AttributeAction.SIGN_ONLY)
                    .containsEntry("creditCard", AttributeAction.ENCRYPT_AND_SIGN)
                    .containsEntry("holder", AttributeAction.SIGN_ONLY).containsEntry("note", AttributeAction.DO_NOTHING);
            assertThat(cards.table().kmsKeyArn()).isEqualTo(key.arn());
            assertThat(cards.table().keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);

            Card back = cards.get(Key.builder().partitionValue("c1").build()).orElseThrow();
            assertThat(back.getCreditCard()).isEqualTo(CARD);
            assertThat(back.getHolder()).isEqualTo("Ada");
        }
    }

    @Test
    void put_definitionOverridesAnnotation_holderEncryptedNoteSigned() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(name, Card.class, d -> d.encryptAndSign("holder").signOnly("note").doNothing("creditCard"))) {
            cards.put(new Card("c2", CARD, "Ada", "gift"));
            Map<String, AttributeValue> stored = raw(name, "c2");
            assertThat(stored.get("holder").b()).isNotNull();
            assertThat(stored.get("note").s()).isEqualTo("gift");
            assertThat(stored.get("creditCard").s()).isEqualTo(CARD);
            assertThat(cards.algorithmSuite()).isEqualTo(AlgorithmSuite.ECDSA_P384_SIGNED);
            assertThat(cards.get(Key.builder().partitionValue("c2").build()).orElseThrow().getHolder()).isEqualTo("Ada");
        }
    }

    @Test
    void get_storedAttributeChanged_doNothingAcceptedSignOnlyRejected() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            cards.put(new Card("c3", CARD, "Ada", "gift"));
            Key c3 = Key.builder().partitionValue("c3").build();
            local.dynamoDbClient().updateItem(r -> r.tableName(name).key(Map.of("id", AttributeValue.fromS("c3")))
                    .updateExpression("SET note = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromS("changed"))));
            assertThat(cards.get(c3).orElseThrow().getNote()).isEqualTo("changed");

            local.dynamoDbClient().updateItem(r -> r.tableName(name).key(Map.of("id", AttributeValue.fromS("c3")))
                    .updateExpression("SET holder = :h").expressionAttributeValues(Map.of(":h", AttributeValue.fromS("Mallory"))));
            assertThatThrownBy(() -> cards.get(c3))
                    .isInstanceOf(ClientSideEncryptionException.class).hasMessageContaining("get on " + name);
        }
    }

    @Test
    void table_actionOnPrimaryKey_rejected() {
        ClientSideEncryption cse = ClientSideFixture.encryption(local, key, Keyring.kms());
        assertThatThrownBy(() -> cse.table(ClientSideFixture.unique("cards"), Card.class, d -> d.encryptAndSign("id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGN_ONLY");
        assertThatThrownBy(() -> cse.table(ClientSideFixture.unique("cards"), Card.class, d -> d.signOnly("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such attribute");
    }

    @Test
    void put_kmsKeyring_oneKmsCallPerPutAndPerGet() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            long before = kmsCalls();
            for (int i = 0; i < 20; i++) {
                cards.put(new Card("k" + i, CARD, "Ada", null));
            }
            long afterPuts = kmsCalls();
            for (int i = 0; i < 20; i++) {
                cards.get(Key.builder().partitionValue("k" + i).build()).orElseThrow();
            }
            assertThat(afterPuts - before).isEqualTo(20);
            assertThat(kmsCalls() - afterPuts).isEqualTo(20);
        }
    }

    @Test
    void put_hierarchicalKeyring_tenThousandPutsAtMostTenKmsCalls() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key,
                        Keyring.hierarchical(branchKeys, branchKeyId, Duration.ofMinutes(10)))
                .table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            long before = kmsCalls();
            for (int i = 0; i < 10_000; i++) {
                cards.put(new Card("h" + i, CARD, "Ada", null));
            }
            long puts = kmsCalls() - before;
            assertThat(puts).isBetween(1L, 10L);
            assertThat(cards.get(Key.builder().partitionValue("h9999").build()).orElseThrow().getCreditCard()).isEqualTo(CARD);
            assertThat(raw(name, "h1").get("creditCard").s()).isNull();
        }
    }

    @Test
    void rotate_branchKey_newVersionOldItemsStillDecrypt() {
        BranchKeyStore store = BranchKeyStore.open(ClientSideFixture.tables(local), local.dynamoDbClient(), local.kmsClient(),
                ClientSideFixture.unique("rotating-keys"), key);
        String id = store.createBranchKey();
        String v1 = store.activeVersion(id);
        String name = ClientSideFixture.unique("cards");
        ClientSideEncryption before = ClientSideFixture.encryption(local, key, Keyring.hierarchical(store, id, Duration.ofSeconds(1)));
        try (ClientSideTable<Card> cards = before.table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            cards.put(new Card("r1", CARD, "Ada", null));
        }
        String v2 = store.rotate(id);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(store.table().kmsKeyArn()).isEqualTo(key.arn());
        ClientSideEncryption after = ClientSideFixture.encryption(local, key, Keyring.hierarchical(store, id, Duration.ofSeconds(1)));
        try (ClientSideTable<Card> cards = after.table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            cards.put(new Card("r2", CARD, "Bob", null));
            assertThat(cards.get(Key.builder().partitionValue("r1").build()).orElseThrow().getHolder()).isEqualTo("Ada");
            assertThat(cards.get(Key.builder().partitionValue("r2").build()).orElseThrow().getHolder()).isEqualTo("Bob");
        }
    }

    @Test
    void findByBeacon_cardLast4_exactMatchOnGsi() {
        String name = ClientSideFixture.unique("cards");
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key,
                        Keyring.hierarchical(branchKeys, branchKeyId, Duration.ofMinutes(5)))
                .table(name, Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY)
                        .suffixBeacon("cardLast4", "creditCard", 4, 10))) {
            cards.put(new Card("b1", "4111111111111111", "Ada", null));
            cards.put(new Card("b2", "5500000000000004", "Bob", null));
            cards.put(new Card("b3", "4012888888881111", "Cy", null));

            List<Card> found = cards.findByBeacon("cardLast4", "1111");
            assertThat(found).extracting(Card::getId).containsExactlyInAnyOrder("b1", "b3");
            assertThat(cards.findByBeacon("cardLast4", "0004")).extracting(Card::getId).containsExactly("b2");
            assertThat(cards.findByBeacon("cardLast4", "9999")).isEmpty();
            Map<String, AttributeValue> stored = raw(name, "b1");
            assertThat(stored).containsKey("aws_dbe_b_cardLast4");
            assertThat(stored.get("aws_dbe_b_cardLast4").s()).isNotEqualTo("1111");
            assertThatThrownBy(() -> cards.findByBeacon("nope", "1111")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No beacon 'nope'");
        }
    }

    @Test
    void table_beaconWithKmsKeyring_rejected() {
        ClientSideEncryption cse = ClientSideFixture.encryption(local, key, Keyring.kms());
        assertThatThrownBy(() -> cse.table(ClientSideFixture.unique("cards"), Card.class,
                d -> d.suffixBeacon("cardLast4", "creditCard", 4, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Keyring.hierarchical");
    }
}
