package dev.kafkapool.sample.openapi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import dev.kafkapool.sample.AbstractSharedBrokerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's path through Swagger UI, in headless Chromium: open {@code /swagger-ui.html}, "Try it
 * out" on the publish operation, fill in topic and body, "Execute", see 202, and find the record
 * in Kafka. Needs Debian's {@code chromium} and {@code chromium-driver}; it fails, rather than
 * skips, when they are missing, so CI cannot pass without running it.
 */
class SwaggerUiBrowserTests extends AbstractSharedBrokerTests {

    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);

    private Path profile;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        File chromium = executable("chrome.binary", "chromium", "/usr/bin/chromium");
        File chromedriver = executable("webdriver.chrome.driver", "chromedriver", "/usr/bin/chromedriver");
        this.profile = Files.createTempDirectory("swagger-ui-test-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Flags that let Chromium run headless as root in a container without reaching the network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,2000", "--user-data-dir=" + this.profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .build();
        this.browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (this.browser != null) {
            this.browser.quit();
        }
        if (this.profile != null) {
            FileSystemUtils.deleteRecursively(this.profile);
        }
    }

    @Test
    void tryItOutAndExecuteOnThePublishOperationPublishesTheRecord() {
        String id = UUID.randomUUID().toString();
        WebDriverWait wait = new WebDriverWait(this.browser, UI_TIMEOUT);
        this.browser.get("http://localhost:" + this.port + "/swagger-ui.html");

        WebElement operation = wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-records-publish .opblock-summary")));
        operation.click();
        wait.until(ExpectedConditions
            .elementToBeClickable(By.cssSelector("#operations-records-publish .try-out__btn"))).click();
        WebElement topic = wait.until(ExpectedConditions
            .elementToBeClickable(By.cssSelector("#operations-records-publish tr[data-param-name='topic'] input")));
        replaceText(topic, BROWSER_TOPIC);
        WebElement body = wait.until(ExpectedConditions
            .elementToBeClickable(By.cssSelector("#operations-records-publish textarea.body-param__text")));
        replaceText(body, "{\"records\":[{\"key\":\"swagger\",\"value\":{\"id\":\"" + id + "\"}}]}");
        this.browser.findElement(By.cssSelector("#operations-records-publish button.execute")).click();

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-records-publish .live-responses-table .response .response-col_status")));
        assertThat(status.getText().trim()).isEqualTo("202");
        List<ConsumerRecord<String, String>> records = cluster.consume(BROWSER_TOPIC, 1, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::value).contains("{\"id\":\"" + id + "\"}");
    }

    /** Replaces an input's text the way a person does, so that the page's own handlers see it. */
    private static void replaceText(WebElement input, String text) {
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    /**
     * The executable named by system property {@code property}, found on the PATH, or at
     * {@code fallback}; fails with the install command when there is none.
     */
    private static File executable(String property, String name, String fallback) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return requireExecutable(new File(configured), name);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                File candidate = new File(directory, name);
                if (candidate.canExecute()) {
                    return candidate;
                }
            }
        }
        return requireExecutable(new File(fallback), name);
    }

    private static File requireExecutable(File file, String name) {
        if (!file.canExecute()) {
            throw new UncheckedIOException(new IOException("The Swagger UI browser test needs " + name + " at " + file
                    + " (or on the PATH). Install Chromium and its driver: " + INSTALL));
        }
        return file;
    }

}
