/**
 * hsm-keystore core API: {@link io.github.hsmkeystore.core.KeyStoreBuilder} provisions a KMS custom key store backed
 * by an AWS CloudHSM cluster (or standard KMS keys) in one idempotent call, and reports plan, progress and health.
 *
 * <p>Everything in this package is non-null unless a member is documented as nullable.
 */
package io.github.hsmkeystore.core;
