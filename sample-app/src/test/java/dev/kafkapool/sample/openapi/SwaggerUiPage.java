package dev.kafkapool.sample.openapi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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

/**
 * The sample's Swagger UI in headless Chromium, used the way a person does: "Authorize" with a
 * token, then "Try it out" on the publish operation, fill in topic and body, "Execute". Needs
 * Debian's {@code chromium} and {@code chromium-driver}; it fails, rather than skips, when they are
 * missing, so CI cannot pass without running it.
 */
public final class SwaggerUiPage implements AutoCloseable {

    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);

    private static final String PUBLISH = "#operations-records-publish";

    private final Path profile;

    private final WebDriver browser;

    private final WebDriverWait wait;

    private SwaggerUiPage(Path profile, WebDriver browser) {
        this.profile = profile;
        this.browser = browser;
        this.wait = new WebDriverWait(browser, UI_TIMEOUT);
    }

    /** Starts Chromium and opens {@code /swagger-ui.html} of the app on {@code port}. */
    public static SwaggerUiPage open(int port) throws IOException {
        File chromium = executable("chrome.binary", "chromium", "/usr/bin/chromium");
        File chromedriver = executable("webdriver.chrome.driver", "chromedriver", "/usr/bin/chromedriver");
        Path profile = Files.createTempDirectory("swagger-ui-test-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Flags that let Chromium run headless as root in a container without reaching the network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,2000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .build();
        SwaggerUiPage page = new SwaggerUiPage(profile, new ChromeDriver(service, options));
        page.browser.get("http://localhost:" + port + "/swagger-ui.html");
        return page;
    }

    /** "Authorize": types {@code token} into the bearer scheme's field, confirms, closes the dialog. */
    public void authorize(String token) {
        clickable(".auth-wrapper button.authorize").click();
        replaceText(clickable(".modal-ux .auth-container input"), token);
        clickable(".modal-ux .auth-btn-wrapper button.authorize").click();
        clickable(".modal-ux .auth-btn-wrapper button.btn-done").click();
        this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /** "Try it out" and "Execute" on the publish operation; the status Swagger UI shows. */
    public String publish(String topic, String body) {
        clickable(PUBLISH + " .opblock-summary").click();
        clickable(PUBLISH + " .try-out__btn").click();
        replaceText(clickable(PUBLISH + " tr[data-param-name='topic'] input"), topic);
        replaceText(clickable(PUBLISH + " textarea.body-param__text"), body);
        this.browser.findElement(By.cssSelector(PUBLISH + " button.execute")).click();
        WebElement status = this.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(PUBLISH + " .live-responses-table .response .response-col_status")));
        return status.getText().trim();
    }

    @Override
    public void close() throws IOException {
        this.browser.quit();
        FileSystemUtils.deleteRecursively(this.profile);
    }

    private WebElement clickable(String selector) {
        return this.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(selector)));
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
