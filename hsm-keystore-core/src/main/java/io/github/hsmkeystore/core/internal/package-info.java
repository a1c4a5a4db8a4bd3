/**
 * Implementation of hsm-keystore core: not API; may change in any release.
 */
package io.github.hsmkeystore.core.internal;
