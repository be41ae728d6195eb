package dev.kafkapool.autoconfigure.reload;

import java.time.Clock;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import dev.kafkapool.autoconfigure.ConditionalOnKafkaSetting;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.StartupContext;
import dev.kafkapool.autoconfigure.connection.PoolConnection;
import dev.kafkapool.autoconfigure.tls.SslBundlePrefix;
import dev.kafkapool.autoconfigure.tls.TlsFiles;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;
import dev.kafkapool.autoconfigure.tls.TlsMaterialResolver;

/**
 * Certificate hot reload ({@code KAFKA_TLS_RELOAD}, on by default): with the client PEM files, a
 * {@link TlsFileReloader} checks them every {@code KAFKA_TLS_RELOAD_INTERVAL}; with an SSL bundle,
 * the pool follows the bundle when Spring Boot reloads it ({@code reload-on-update}). Either way
 * the pool's {@link PoolConnection} is replaced, and with it producers and admin clients.
 */
@AutoConfiguration(afterName = "dev.kafkapool.autoconfigure.publisher.KafkaPublisherAutoConfiguration")
@ConditionalOnBean(PoolConnection.class)
@ConditionalOnKafkaSetting({ "kafka.enabled", "kafka.tls.enabled", "kafka.tls.reload" })
public final class KafkaTlsReloadAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnPemFilesCondition.class)
    TlsReloadStatus kafkaTlsReloadStatus(KafkaPoolProperties properties) {
        return new TlsReloadStatus(TlsFiles.of(properties.getTls()).toString(),
                properties.getTls().getReloadInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnPemFilesCondition.class)
    TlsFileReloader kafkaTlsFileReloader(KafkaPoolProperties properties, PoolConnection connection,
            TlsReloadStatus kafkaTlsReloadStatus) {
        return new TlsFileReloader(properties, connection, kafkaTlsReloadStatus, Clock.systemUTC());
    }

    /** An SSL bundle that Spring Boot reloads (reload-on-update): the pool follows each new version. */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnSslBundleCondition.class)
    @ConditionalOnBean(SslBundles.class)
    TlsReloadStatus kafkaTlsBundleReloadStatus(KafkaPoolProperties properties, PoolConnection connection,
            ObjectProvider<SslBundles> sslBundles) {
        String name = properties.getTls().getBundle().trim();
        TlsReloadStatus status = new TlsReloadStatus(SettingNames.TLS_BUNDLE + "=" + name, null);
        sslBundles.getObject().addBundleUpdateHandler(name, (bundle) -> {
            TlsMaterial material;
            try {
                // checked as at startup: files that do not parse, a key of another certificate, or a
                // certificate not valid now, is refused and the current material stays
                TlsMaterialResolver.checkBundle(bundle, name, StartupContext.describe(properties));
                material = TlsMaterial.fromSslBundle(name, bundle, TlsMaterialResolver.clientCertificate(bundle),
                        connection.current().tls().description());
            }
            catch (KafkaPoolStartupException ex) {
                refuse(status, properties, name, ex.setting(), ex.problem(), ex.action());
                return;
            }
            catch (RuntimeException ex) {
                refuse(status, properties, name, SettingNames.TLS_BUNDLE, "it cannot be used: " + ex.getMessage(),
                        "Give " + SslBundlePrefix.of(bundle, name) + " a whole certificate, key and CA");
                return;
            }
            connection.replace(connection.current().withTls(material));
            status.applied(Clock.systemUTC().instant());
            LoggerFactory.getLogger(KafkaTlsReloadAutoConfiguration.class)
                .info("{} - SSL bundle '{}' was reloaded: new connections use it, and the workers move to new "
                        + "producers as the old ones finish what they hold", properties.getLogLabel(), name);
        });
        return status;
    }

    private static void refuse(TlsReloadStatus status, KafkaPoolProperties properties, String name, String setting,
            String problem, String action) {
        status.rejected(new TlsReloadStatus.Refusal(Clock.systemUTC().instant(), setting, problem, action));
        LoggerFactory.getLogger(KafkaTlsReloadAutoConfiguration.class)
            .warn("{} - SSL bundle '{}' was reloaded but is not usable, so the pool keeps its current material: "
                    + "{}. Action: {}", properties.getLogLabel(), name, problem, action);
    }

}
