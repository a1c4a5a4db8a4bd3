/** Not API: helpers of hsm-keystore-client-side that may change in any release. */
package io.github.hsmkeystore.clientside.internal;
