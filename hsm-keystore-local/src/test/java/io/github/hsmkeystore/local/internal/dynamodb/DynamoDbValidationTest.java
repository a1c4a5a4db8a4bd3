package io.github.hsmkeystore.local.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DynamoDB protocol layer ({@link DynamoDbSupport}, over the generic validator of
 * {@code internal.protocol}): type errors with DynamoDB's texts, every constraint kind, several errors at once, the
 * nested path syntax, and the members the emulator does not implement (docs/dynamodb-validation.md).
 */
class DynamoDbValidationTest {
    private static ObjectNode body(String json) {
        return Json.parseBody(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static void check(String operation, String json) {
        DynamoDbSupport.check(operation, body(json));
    }

    private static void assertSerialization(String operation, String json, String message) {
        assertThatThrownBy(() -> check(operation, json)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.type()).isEqualTo("SerializationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertValidation(String operation, String json, String message) {
        assertThatThrownBy(() -> check(operation, json)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'TableName':5}|NUMBER_VALUE cannot be converted to String",
        "{'TableName':5.5}|DECIMAL_VALUE cannot be converted to String",
        "{'TableName':true}|TRUE_VALUE cannot be converted to String",
        "{'TableName':false}|FALSE_VALUE cannot be converted to String",
        "{'TableName':[]}|Unrecognized collection type class java.lang.String",
        "{'TableName':{}}|Start of structure or map found where not expected",
        "{'TableName':'t','Limit':'5'}|STRING_VALUE cannot be converted to Integer",
        "{'TableName':'t','Limit':true}|TRUE_VALUE cannot be converted to Integer",
        "{'TableName':'t','Limit':[]}|Unrecognized collection type class java.lang.Integer",
        "{'TableName':'t','ConsistentRead':'true'}|Unexpected token received from parser",
        "{'TableName':'t','ConsistentRead':1}|NUMBER_VALUE cannot be converted to Boolean",
        "{'TableName':'t','AttributesToGet':'a'}|Unexpected field type",
        "{'TableName':'t','AttributesToGet':{}}|Start of structure or map found where not expected",
        "{'TableName':'t','AttributesToGet':[1]}|NUMBER_VALUE cannot be converted to String",
        "{'TableName':'t','ExclusiveStartKey':'k'}|Unexpected field type",
        "{'TableName':'t','ExclusiveStartKey':[]}|Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
        "{'TableName':'t','ExpressionAttributeNames':[]}|Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>",
        "{'TableName':'t','ExclusiveStartKey':{'a':5}}|Unexpected value type in payload",
        "{'TableName':'t','ExclusiveStartKey':{'a':[]}}|Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'S':5}}}|NUMBER_VALUE cannot be converted to String",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'M':{'b':{'L':[{'N':1}]}}}}}|NUMBER_VALUE cannot be converted to String",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'B':'abc'}}}|Base64 encoded length is expected a multiple of 4 bytes but found: 3",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'B':'=+/='}}}|Invalid last non-pad Base64 character dectected",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'B':'+/+='}}}|Invalid last non-pad Base64 character dectected",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'B':5}}}|only base-64-encoded strings are convertible to bytes",
        "{'TableName':'t','ExclusiveStartKey':{'a':{'BS':['QQ==',true]}}}|only base-64-encoded strings are convertible to bytes",
    })
    void check_wrongType_isSerializationExceptionWithDynamoDbText(String json, String message) {
        assertSerialization("Scan", json, message);
    }

    @Test
    void check_structureGivenScalarAsField_isUnexpectedFieldType() {
        assertSerialization("CreateTable", "{'TableName':'abc','ProvisionedThroughput':5}", "Unexpected field type");
        assertSerialization("CreateTable", "{'TableName':'abc','ProvisionedThroughput':[]}",
                "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput");
        assertSerialization("CreateTable", "{'TableName':'abc','ProvisionedThroughput':{'ReadCapacityUnits':'1'}}",
                "STRING_VALUE cannot be converted to Long");
    }

    @Test
    void check_collectionNestedInCollectionGivenScalar_isDynamoDbsCastMessage() {
        assertSerialization("BatchWriteItem", "{'RequestItems':{'t':5}}",
                "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class"
                        + " (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module"
                        + " java.base of loader 'bootstrap')");
        assertSerialization("BatchGetItem", "{'RequestItems':{'t':{'Keys':[5]}}}", DynamoDbValidationTestSupport.CAST);
        assertSerialization("BatchWriteItem", "{'RequestItems':{'t':[5]}}", "Unexpected value type in payload");
    }

    @Test
    void check_typeErrorAndConstraintError_reportsTheTypeErrorOnly() {
        assertSerialization("Scan", "{'TableName':'a;','Limit':0,'Select':5}", "NUMBER_VALUE cannot be converted to String");
    }

    @Test
    void check_nullAndUnknownMembers_areDroppedAsDynamoDbIgnoresThem() {
        ObjectNode body = body("{'TableName':'abc','Limit':null,'NoSuchMember':{'x':[1]},'ExclusiveStartKey':{'pk':{'S':'a','Zzz':1}}}");
        DynamoDbSupport.check("Scan", body);
        assertThat(body.has("Limit")).isFalse();
        assertThat(body.has("NoSuchMember")).isFalse();
        assertThat(body.get("ExclusiveStartKey").get("pk").has("Zzz")).isFalse();
        assertThat(body.get("TableName").asText()).isEqualTo("abc");
    }

    @Test
    void check_decimalForAnInteger_isTruncated() {
        ObjectNode body = body("{'TableName':'abc','Limit':5.9}");
        DynamoDbSupport.check("Scan", body);
        assertThat(body.get("Limit").isIntegralNumber()).isTrue();
        assertThat(body.get("Limit").intValue()).isEqualTo(5);
    }

    @Test
    void check_patternAndLength_bothReportedInDynamoDbsOrder() {
        assertValidation("DescribeTable", "{'TableName':'a;'}", "2 validation errors detected: "
                + "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                + "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
    }

    @Test
    void check_tableArn_isNotHeldToTheTableNamePattern() {
        assertThatCode(() -> check("DescribeTable", "{'TableName':'arn:aws:dynamodb:us-east-1:000000000000:table/t'}"))
                .doesNotThrowAnyException();
    }

    @Test
    void check_missingRequired_isMemberMustNotBeNull() {
        assertValidation("GetItem", "{}", "2 validation errors detected: "
                + "Value null at 'tableName' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'key' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void check_rangeEnumAndNestedPaths_reportedTogether() {
        assertValidation("CreateTable", "{'TableName':'abc','AttributeDefinitions':[{'AttributeName':'a','AttributeType':'S'},"
                + "{'AttributeName':'b','AttributeType':'BOOL'}],'KeySchema':[],'ProvisionedThroughput':{'ReadCapacityUnits':0,"
                + "'WriteCapacityUnits':1},'LocalSecondaryIndexes':[{'IndexName':'ix'}]}", "6 validation errors detected: "
                + "Value 'BOOL' at 'attributeDefinitions.2.member.attributeType' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [B, N, S]; "
                + "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                + "Value 'ix' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 3; "
                + "Value null at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'localSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member must not be null; "
                + "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1");
    }

    @Test
    void check_moreThanTenErrors_reportsTen() {
        StringBuilder lsis = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            lsis.append(i == 0 ? "" : ",").append("{}");
        }
        assertThatThrownBy(() -> check("CreateTable", "{'TableName':'abc','LocalSecondaryIndexes':[" + lsis + "]}"))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.getMessage()).startsWith("10 validation errors detected: ");
                    assertThat(e.getMessage().split("; ")).hasSize(10);
                });
    }

    @Test
    void check_mapValueAndMapEntryPaths_asDynamoDbWritesThem() {
        StringBuilder writes = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            writes.append(i == 0 ? "" : ",").append("{'DeleteRequest':{'Key':{'pk':{'S':'").append(i).append("'}}}}");
        }
        assertThatThrownBy(() -> check("BatchWriteItem", "{'RequestItems':{'tbl':[" + writes + "]}}"))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage())
                        .startsWith("1 validation error detected: Value '{tbl=[WriteRequest(putRequest=null, deleteRequest="
                                + "DeleteRequest(key={pk=com.amazonaws.dynamodb.v20120810.AttributeValue@")
                        .endsWith("' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                                + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"));
        assertValidation("BatchGetItem", "{'RequestItems':{'Auth':{'Keys':[]}}}", "1 validation error detected: "
                + "Value '[]' at 'requestItems.Auth.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void check_nullListElement_isReportedAtTheList() {
        assertValidation("Scan", "{'TableName':'abc','AttributesToGet':['a',null]}", "1 validation error detected: "
                + "Value '[a, null]' at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must not be null, Member must have length less than or equal to 65535]");
    }

    @Test
    void check_unimplementedMember_is400NamingIt() {
        assertValidation("UpdateTable", "{'TableName':'abc','ReplicaUpdates':[{'Delete':{'RegionName':'eu-west-1'}}]}",
                "UpdateTable parameter ReplicaUpdates is not supported by hsm-keystore-local");
        assertValidation("CreateTable", "{'TableName':'abc','AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],'BillingMode':'PAY_PER_REQUEST',"
                        + "'ResourcePolicy':'{}'}",
                "CreateTable parameter ResourcePolicy is not supported by hsm-keystore-local");
        assertThatCode(() -> check("PutItem", "{'TableName':'abc','Item':{'pk':{'S':'a'}},'Expected':{'pk':{'Exists':false}},"
                + "'ReturnConsumedCapacity':'TOTAL'}")).doesNotThrowAnyException();
    }

    @Test
    void check_validRequest_passesUnchanged() {
        String json = "{'TableName':'abc','Item':{'pk':{'S':'a'},'n':{'N':'1'},'b':{'B':'QUJD'},'l':{'L':[{'NULL':true},"
                + "{'M':{'x':{'BOOL':false}}}]}},'ConditionExpression':'attribute_not_exists(pk)'}";
        ObjectNode body = body(json);
        ObjectNode copy = body.deepCopy();
        DynamoDbSupport.check("PutItem", body);
        assertThat(body).isEqualTo(copy);
    }

    @Test
    void model_hasEveryDynamoDbOperation() {
        assertThat(DynamoDbSupport.model().operations()).contains("PutItem", "TransactWriteItems", "ExecuteStatement")
                .hasSizeGreaterThan(50);
        assertThat(DynamoDbSupport.model().targetPrefix()).isEqualTo("DynamoDB_20120810");
    }

    /** Shared constants. */
    static final class DynamoDbValidationTestSupport {
        static final String CAST = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class"
                + " java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in"
                + " module java.base of loader 'bootstrap')";
    }
}
