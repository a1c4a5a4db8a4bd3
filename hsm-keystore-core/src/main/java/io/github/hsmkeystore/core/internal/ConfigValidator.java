package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ClusterSpec;
import io.github.hsmkeystore.core.InvalidConfigurationException;
import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Every rule checked before the first AWS call; all problems are collected and thrown together. */
public final class ConfigValidator {
    private static final Pattern ALIAS = Pattern.compile("alias/[a-zA-Z0-9/_-]+");
    private static final Pattern CLUSTER_ID = Pattern.compile("cluster-[2-7a-zA-Z]{11,16}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-fA-F]{8,17}");
    /** HSM types a new cluster may have: hsm1.medium reached end of life on 2025-12-01 (docs/kms-and-cloudhsm.md). */
    private static final Set<String> HSM_TYPES = Set.of("hsm2m.medium");

    private ConfigValidator() {
    }

    /** Throws {@link InvalidConfigurationException} naming every problem, or returns. */
    public static void check(Settings s) {
        List<String> problems = problems(s);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * For health(), teardown() and findKey(): only what names the resources (custom key store name, existing cluster
     * id, key aliases) is required; the provisioning secrets (trust anchor, activation, kmsuser password) and the new
     * cluster's settings are not, so a running service can call them holding only names and clients.
     */
    public static void checkForOperations(Settings s) {
        List<String> p = new ArrayList<>();
        if (s.cloudHsmStore()) {
            if (s.customKeyStoreName() == null) {
                p.add("KeyStoreBuilder is missing customKeyStoreName");
            }
            if (s.existingClusterId() != null && !CLUSTER_ID.matcher(s.existingClusterId()).matches()) {
                p.add("existingCluster " + s.existingClusterId() + " is not a cluster id (cluster-[2-7a-zA-Z]{11,16})");
            }
        }
        for (KeyDefinition k : s.keys()) {
            if (k.alias() == null || !ALIAS.matcher(k.alias()).matches()) {
                p.add("key alias " + k.alias() + " must match alias/[a-zA-Z0-9/_-]+");
            }
        }
        if (s.keyDeletionWindowDays() < 7 || s.keyDeletionWindowDays() > 30) {
            p.add("keyDeletionWindowDays must be 7-30, got " + s.keyDeletionWindowDays());
        }
        if (!p.isEmpty()) {
            throw new InvalidConfigurationException(p);
        }
    }

    public static List<String> problems(Settings s) {
        List<String> p = new ArrayList<>();
        if (s.cloudHsmStore()) {
            cloudHsm(s, p);
        } else {
            standard(s, p);
        }
        Set<String> seen = new HashSet<>();
        for (KeyDefinition k : s.keys()) {
            p.addAll(keyProblems(k, s.cloudHsmStore()));
            if (k.alias() != null && !seen.add(k.alias())) {
                p.add("key " + k.alias() + " is defined twice; each alias names one key");
            }
        }
        if (s.keyDeletionWindowDays() < 7 || s.keyDeletionWindowDays() > 30) {
            p.add("keyDeletionWindowDays must be 7-30, got " + s.keyDeletionWindowDays());
        }
        return p;
    }

    private static void cloudHsm(Settings s, List<String> p) {
        List<String> missing = new ArrayList<>();
        if (s.customKeyStoreName() == null) {
            missing.add("customKeyStoreName");
        } else if (s.customKeyStoreName().isBlank() || s.customKeyStoreName().length() > 256) {
            p.add("customKeyStoreName must be 1-256 characters and not blank, got " + s.customKeyStoreName().length());
        }
        if (s.newCluster() == null && s.existingClusterId() == null) {
            missing.add("newCluster or existingCluster");
        }
        if (s.trustAnchor() == null) {
            missing.add("trustAnchor");
        }
        if (s.activation() == null) {
            missing.add("activation");
        }
        if (s.kmsUserPassword() == null) {
            missing.add("kmsUserPassword");
        }
        if (!missing.isEmpty()) {
            p.add(0, "KeyStoreBuilder is missing " + String.join(", ", missing));
        }
        if (s.newCluster() != null && s.existingClusterId() != null) {
            p.add("newCluster and existingCluster are both set; choose one");
        }
        if (s.existingClusterId() != null && !CLUSTER_ID.matcher(s.existingClusterId()).matches()) {
            p.add("existingCluster " + s.existingClusterId() + " is not a cluster id (cluster-[2-7a-zA-Z]{11,16})");
        }
        if (s.newCluster() != null) {
            clusterProblems(s.newCluster(), p);
        }
        if (s.trustAnchor() != null) {
            p.addAll(s.trustAnchor().problems());
            if (s.newCluster() != null && !s.trustAnchor().canSign()) {
                p.add("trustAnchor has no private key; a new cluster needs one to sign its CSR (use TrustAnchor.of(certPem, key) or generate)");
            }
        }
        if (s.kmsUserPassword() != null) {
            p.addAll(passwordProblems(s.kmsUserPassword()));
        }
    }

    private static void standard(Settings s, List<String> p) {
        List<String> unused = new ArrayList<>();
        if (s.customKeyStoreName() != null) {
            unused.add("customKeyStoreName");
        }
        if (s.newCluster() != null || s.existingClusterId() != null) {
            unused.add("newCluster/existingCluster");
        }
        if (s.trustAnchor() != null) {
            unused.add("trustAnchor");
        }
        if (s.activation() != null) {
            unused.add("activation");
        }
        if (s.kmsUserPassword() != null) {
            unused.add("kmsUserPassword");
        }
        if (!unused.isEmpty()) {
            p.add("standardKms does not use " + String.join(", ", unused) + "; use KeyStoreBuilder.cloudHsm(...) for a CloudHSM key store");
        }
        if (s.keys().isEmpty()) {
            p.add("standardKms needs at least one key (addKey)");
        }
    }

    static void clusterProblems(ClusterSpec c, List<String> p) {
        if ("hsm1.medium".equals(c.hsmType())) {
            p.add("newCluster hsmType hsm1.medium is no longer available for new clusters (end of life 2025-12-01); use hsm2m.medium");
        } else if (!HSM_TYPES.contains(c.hsmType())) {
            p.add("newCluster hsmType must be one of " + HSM_TYPES + ", got " + c.hsmType());
        }
        List<String> subnets = c.subnetIds();
        if (subnets.size() > 10) {
            p.add("newCluster has " + subnets.size() + " subnets; CloudHSM accepts at most 10");
        }
        Set<String> distinct = new HashSet<>();
        for (String subnet : subnets) {
            if (!SUBNET_ID.matcher(subnet).matches()) {
                p.add("newCluster subnet " + subnet + " is not a subnet id (subnet-[0-9a-f]{8,17})");
            }
            if (!distinct.add(subnet)) {
                p.add("newCluster subnet " + subnet + " is listed twice");
            }
        }
        Map<String, String> azs = c.subnetAvailabilityZones();
        if (!azs.isEmpty() && azs.keySet().containsAll(subnets)) {
            Map<String, String> subnetByAz = new HashMap<>();
            for (String subnet : subnets) {
                String other = subnetByAz.putIfAbsent(azs.get(subnet), subnet);
                if (other != null) {
                    p.add("newCluster subnets " + other + " and " + subnet + " are both in " + azs.get(subnet)
                            + "; CloudHSM takes one subnet per Availability Zone");
                }
            }
            if (subnetByAz.size() < 2) {
                p.add("newCluster subnets cover " + subnetByAz.size() + " Availability Zone " + subnetByAz.keySet()
                        + "; KMS needs HSMs in at least 2 zones: add a subnet in another zone");
            }
        } else if (distinct.size() < 2) {
            p.add("newCluster has " + distinct.size() + " subnet(s); KMS needs HSMs in at least 2 Availability Zones: "
                    + "give one subnet in each of 2 or more zones");
        }
        if (c.hsmCount() < 2 || c.hsmCount() > 28) {
            p.add("newCluster hsmCount must be 2-28 (KMS needs 2 active HSMs in different zones), got " + c.hsmCount());
        }
    }

    /** KMS rules for the kmsuser password: 7-32 characters, letters and digits only. Never prints the value. */
    public static List<String> passwordProblems(Secret password) {
        List<String> p = new ArrayList<>();
        if (password.isDestroyed()) {
            p.add("kmsUserPassword was destroyed before provisioning");
            return p;
        }
        if (password.length() < 7 || password.length() > 32) {
            p.add("kmsUserPassword must be 7-32 characters, got " + password.length());
        }
        if (!password.allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
            p.add("kmsUserPassword must contain only letters and digits (KMS accepts no special characters)");
        }
        return p;
    }

    /** Alias syntax: alias/ prefix, [a-zA-Z0-9/_-], at most 256 characters, not alias/aws/. */
    public static List<String> aliasProblems(String alias) {
        List<String> p = new ArrayList<>();
        if (alias == null) {
            p.add("a key has no alias; every key needs one (alias/...) so it can be found again");
            return p;
        }
        if (!alias.startsWith("alias/")) {
            p.add("key alias " + alias + " must start with the prefix alias/");
        } else if (!ALIAS.matcher(alias).matches()) {
            p.add("key alias " + alias + " may contain only letters, digits, /, _ and - after alias/");
        }
        if (alias.length() > 256) {
            p.add("key alias " + alias.substring(0, 40) + "... is " + alias.length() + " characters; at most 256");
        }
        if (alias.startsWith("alias/aws/")) {
            p.add("key alias " + alias + " uses the prefix alias/aws/, reserved for AWS managed keys");
        }
        return p;
    }

    public static List<String> keyProblems(KeyDefinition k, boolean cloudHsmStore) {
        List<String> p = aliasProblems(k.alias());
        String name = "key " + (k.alias() == null ? "(no alias)" : k.alias());
        if (k.description().length() > 8192) {
            p.add(name + ": description is longer than 8192 characters");
        }
        if (cloudHsmStore) {
            if (k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
                p.add(name + ": keySpec " + k.keySpec() + " is not possible in a CloudHSM key store; only SYMMETRIC_DEFAULT "
                        + "(no asymmetric or HMAC keys)");
            }
            if (k.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT) {
                p.add(name + ": keyUsage " + k.keyUsage() + " is not possible in a CloudHSM key store; only ENCRYPT_DECRYPT");
            }
            if (k.multiRegion()) {
                p.add(name + ": multi-Region keys are not possible in a custom key store");
            }
            if (k.origin().filter(o -> o == OriginType.EXTERNAL).isPresent()) {
                p.add(name + ": imported key material (origin EXTERNAL) is not possible in a CloudHSM key store");
            } else if (k.origin().filter(o -> o != OriginType.AWS_CLOUDHSM).isPresent()) {
                p.add(name + ": origin " + k.origin().get() + " does not match a CloudHSM key store (AWS_CLOUDHSM)");
            }
            if (k.rotation()) {
                p.add(name + ": automatic rotation is not supported for keys in a custom key store; rotate manually "
                        + "(create a new key and point the alias at it)");
            }
        } else {
            if (k.origin().filter(o -> o == OriginType.EXTERNAL).isPresent()) {
                p.add(name + ": imported key material (origin EXTERNAL) is not provisioned by hsm-keystore");
            } else if (k.origin().filter(o -> o != OriginType.AWS_KMS).isPresent()) {
                p.add(name + ": origin " + k.origin().get() + " needs a custom key store; use KeyStoreBuilder.cloudHsm(...)");
            }
            if (k.keySpec() == KeySpec.SYMMETRIC_DEFAULT && k.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT) {
                p.add(name + ": SYMMETRIC_DEFAULT keys have keyUsage ENCRYPT_DECRYPT, got " + k.keyUsage());
            }
            if (k.keySpec().toString().startsWith("HMAC_") && k.keyUsage() != KeyUsageType.GENERATE_VERIFY_MAC) {
                p.add(name + ": HMAC keys have keyUsage GENERATE_VERIFY_MAC, got " + k.keyUsage());
            }
            if (k.rotation() && k.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
                p.add(name + ": automatic rotation is only for symmetric encryption keys, not " + k.keySpec());
            }
            if (k.rotationPeriodInDays().filter(d -> d < 90 || d > 2560).isPresent()) {
                p.add(name + ": rotationPeriodInDays must be 90-2560, got " + k.rotationPeriodInDays().get());
            }
        }
        return p;
    }
}
