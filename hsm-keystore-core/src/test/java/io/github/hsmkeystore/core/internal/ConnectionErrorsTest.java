package io.github.hsmkeystore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

class ConnectionErrorsTest {

    @ParameterizedTest
    @EnumSource(value = ConnectionErrorCodeType.class, names = {"CLUSTER_NOT_FOUND", "INSUFFICIENT_CLOUDHSM_HSMS",
            "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET", "INVALID_CREDENTIALS", "USER_LOCKED_OUT", "USER_LOGGED_IN", "USER_NOT_FOUND",
            "SUBNET_NOT_FOUND", "NETWORK_ERRORS", "INTERNAL_ERROR"})
    void fix_everyCloudHsmCode_hasSpecificAdviceEndingWithConnect(ConnectionErrorCodeType code) {
        assertThat(ConnectionErrors.fix(code)).doesNotStartWith("See the AWS KMS guide").contains("connect again");
    }

    @ParameterizedTest
    @EnumSource(value = ConnectionErrorCodeType.class, names = {"XKS_PROXY_TIMED_OUT", "UNKNOWN_TO_SDK_VERSION"})
    void fix_otherCode_pointsToGuideNamingCode(ConnectionErrorCodeType code) {
        assertThat(ConnectionErrors.fix(code)).startsWith("See the AWS KMS guide").contains(code.toString());
    }
}
