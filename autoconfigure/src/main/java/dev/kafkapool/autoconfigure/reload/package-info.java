/**
 * Certificate hot reload: the client PEM files are watched by content and, when new material is
 * valid, the pool's connection is replaced (new producers and admin clients); invalid or
 * half-written material is refused with a diagnosis while the current one stays in use.
 */
package dev.kafkapool.autoconfigure.reload;
