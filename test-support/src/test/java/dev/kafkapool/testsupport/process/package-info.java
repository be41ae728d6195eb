/** Tests of the child-JVM launcher, with the child main class they start. */
package dev.kafkapool.testsupport.process;
