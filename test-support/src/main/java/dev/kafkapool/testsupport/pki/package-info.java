/**
 * A certificate authority, broker and client certificates generated at run time, written as PEM
 * files, with the broken variants that negative tests need. No key material is ever committed.
 */
package dev.kafkapool.testsupport.pki;
