/**
 * A model-driven protocol layer for the AWS JSON services: the API model (botocore's {@code service-2.json}) and a
 * validator that checks a request's types and then its constraints the way the services do, before any operation code
 * runs (docs/dynamodb-validation.md).
 */
package io.github.hsmkeystore.local.internal.protocol;
