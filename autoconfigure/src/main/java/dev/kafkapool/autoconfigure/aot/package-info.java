/**
 * Spring AOT: the settings that decide which of the starter's beans exist are read once, when the
 * bean definitions are generated at build time. {@link AotSettingsRecorder} writes them next to
 * the generated definitions, and {@link AotSettingsCheck} stops a start whose settings would have
 * chosen other beans, with a report that names the setting and the fix, instead of running beans
 * made for another configuration.
 */
package dev.kafkapool.autoconfigure.aot;
