package io.vigil.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over WebDriver by Debian's
 * {@code chromedriver}: both from /usr/bin, installed by .ci/run, never downloaded. The driver
 * listens on a free loopback port; {@link #close()} ends the browser and the driver.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Selenium looks for a DevTools binding matching Chromium's version and warns when none does;
     * WebDriver itself (all these tests use) works with any. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Starts Chromium at 1280×900; screenshots go to {@code screenshots} (test artefacts). */
    static Browser start(Path screenshots) throws IOException {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: install Debian's chromium and chromium-driver "
                        + "(.ci/run does)");
            }
        }
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, screenshots);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves what the page shows now as {@code name}.png. */
    /** The first element matching {@code css}, or null. */
    org.openqa.selenium.WebElement first(String css) {
        java.util.List<org.openqa.selenium.WebElement> found = driver.findElements(org.openqa.selenium.By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0);
    }

    /** The trimmed text of the first element matching {@code css}, empty when there is none. */
    String text(String css) {
        org.openqa.selenium.WebElement e = first(css);
        return e == null ? "" : e.getText().trim();
    }

    /** A screenshot named after the test that just ended, passed or not (from an {@code @AfterEach}). */
    void screenshotTheEnd(org.junit.jupiter.api.TestInfo test) throws IOException {
        screenshot("end-" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
    }

    Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Runs {@code script} in the page and returns its value. */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
