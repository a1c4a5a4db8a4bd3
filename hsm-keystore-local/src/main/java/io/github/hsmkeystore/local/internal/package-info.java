/**
 * Implementation of the emulator: not API; may change in any release.
 */
package io.github.hsmkeystore.local.internal;
