#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The citysnap page in a real browser: headless Chromium driven by
Selenium loads the page from `citysnap serve`, chooses a broken file and
sees its problems, chooses a city and its targets and sees the preview,
reads a wedge's tooltip by pointer and by keyboard, downloads PNG, SVG and
PDF and compares them byte for byte with `citysnap render`, switches to
Norwegian, and shows a city named <script>alert(1)</script> as text.

Exit status: 0 passed, 1 failed (a screenshot is written to the build
folder), 77 skipped (Chromium, chromedriver or Selenium not installed).
The whole run is bounded (SIGALRM after 150 s).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    webdriver = None

if not CHROMIUM or not DRIVER or webdriver is None:
    print("1..0 # SKIP chromium, chromedriver or python3-selenium missing")
    sys.exit(77)

ROOT = os.environ.get("CITYSNAP_DATADIR") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
EXE = os.environ["CITYSNAP_EXE"]
BUILD = os.environ.get("CS_TEST_BUILDDIR", tempfile.gettempdir())
SHOT = os.environ.get("CS_WEB_SCREENSHOT")  # a screenshot for the README
WAIT = 30

results = []


def ok(cond, what):
    results.append((bool(cond), what))
    print(("ok %d - %s" if cond else "not ok %d - %s") % (len(results), what))
    sys.stdout.flush()
    if not cond:
        raise AssertionError(what)


def on_alarm(sig, frame):
    raise TimeoutError("the browser test took longer than 150 s")


def start_server(tmp):
    log = open(os.path.join(tmp, "serve.log"), "w")
    p = subprocess.Popen([EXE, "serve", "--port", "0"], stdout=subprocess.PIPE,
                         stderr=log, text=True)
    line = p.stdout.readline()
    if "listening on " not in line:
        p.kill()
        raise RuntimeError("serve did not start: " + line)
    return p, line.split("listening on ", 1)[1].strip()


def cli_render(tmp, out, *args):
    path = os.path.join(tmp, out)
    subprocess.run([EXE, "render", os.path.join(tmp, "asker.csv"), "-o", path]
                   + list(args), check=True, timeout=60)
    with open(path, "rb") as f:
        return f.read()


def wait_file(folder, name):
    path = os.path.join(folder, name)
    end = time.time() + WAIT
    while time.time() < end:
        if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
            with open(path, "rb") as f:
                data = f.read()
            if data:
                return data
        time.sleep(0.1)
    return None


def settle(driver, wait):
    """Waits until the preview is drawn for the current options."""
    wait.until(lambda d: d.find_element(By.ID, "preview")
               .get_attribute("aria-busy") == "false")


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(150)
    tmp = tempfile.mkdtemp(prefix="citysnap-web-", dir=BUILD)
    downloads = os.path.join(tmp, "downloads")
    os.mkdir(downloads)
    # the inputs, away from the samples' manifest (which would add a name
    # and targets to the CLI's render)
    shutil.copy(os.path.join(ROOT, "samples", "asker.csv"), tmp)
    shutil.copy(os.path.join(ROOT, "samples", "targets.csv"), tmp)
    broken = os.path.join(tmp, "broken.csv")
    with open(broken, "w") as f:
        f.write("code,value\nEC:ICT:ICT:1C,98\nNO:SUCH:CODE,3\nEC:ICT:ICT:2C,abc\n")

    server, url = start_server(tmp)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1400,1700",
              "--lang=en-GB", "--no-first-run", "--disable-extensions"):
        opts.add_argument(a)
    if SHOT:  # a smaller picture for the README
        opts.add_argument("--force-device-scale-factor=0.62")
    opts.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "intl.accept_languages": "en-GB,en",
    })
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": downloads})
    wait = WebDriverWait(driver, WAIT)
    failed = False
    try:
        driver.get(url)
        h1 = driver.find_element(By.TAG_NAME, "h1")
        ok(h1.text == "City snapshot wheel", "the page opens in English")
        for el in driver.find_elements(By.CSS_SELECTOR, "input, select"):
            eid = el.get_attribute("id")
            labels = driver.find_elements(By.CSS_SELECTOR,
                                          "label[for='%s']" % eid)
            ok(eid and labels, "control #%s has a label" % eid)

        # a broken file: its problems, with row and column
        driver.find_element(By.ID, "file").send_keys(broken)
        wait.until(lambda d: d.find_element(By.ID, "problems").text)
        problems = driver.find_element(By.ID, "problems").text
        ok("Line 3, column 1" in problems and "NO:SUCH:CODE" in problems,
           "an unknown code is listed at its line and column")
        ok("Line 4, column 15" in problems and "abc" in problems,
           "a bad number is listed at its line and column")
        ok(not driver.find_element(By.ID, "preview-img").is_displayed(),
           "no preview of a broken file")

        # a KPI table as a report publishes it: read by name, said so
        driver.find_element(By.ID, "file").send_keys(os.path.join(
            ROOT, "tests", "data", "import", "verification-report.csv"))
        wait.until(lambda d: "read by name" in d.find_element(
            By.ID, "mapping").text)
        settle(driver, wait)
        ok("by the wheel's label" in driver.find_element(By.ID, "mapping").text,
           "a report table is read by name, and the page says how")
        ok("none has a target" in driver.find_element(By.ID, "warnings").text,
           "the library's warnings are listed")
        tmpl = driver.find_element(By.ID, "template-csv")
        ok(tmpl.is_displayed() and
           tmpl.get_attribute("href").endswith("format=csv&lang=en"),
           "the template can be downloaded")

        # a city and its targets: no problems, coverage, the preview
        driver.find_element(By.ID, "targets").send_keys(
            os.path.join(tmp, "targets.csv"))
        driver.find_element(By.ID, "file").send_keys(
            os.path.join(tmp, "asker.csv"))
        name = driver.find_element(By.ID, "opt-name")
        name.send_keys("Asker")
        wait.until(lambda d: d.find_element(By.ID, "preview-caption").text
                   == "Preview: Asker")
        settle(driver, wait)
        wait.until(lambda d: len(d.find_elements(
            By.CSS_SELECTOR, "#overlay .wedge")) == 108)
        ok(driver.find_element(By.ID, "problems-box").is_displayed() is False,
           "a good file shows no problems")
        ok("Coverage: 56 of 108" in driver.find_element(By.ID, "coverage").text,
           "the coverage is shown")
        img = driver.find_element(By.ID, "preview-img")
        ok(img.is_displayed() and img.get_attribute("alt").startswith(
            "City snapshot: Asker"), "the preview shows, with its text")

        # a wedge's tooltip, by pointer
        wedge = driver.find_elements(By.CSS_SELECTOR, "#overlay .wedge")[0]
        ActionChains(driver).move_to_element(wedge).perform()
        tip = driver.find_element(By.ID, "tip")
        wait.until(lambda d: tip.is_displayed())
        ok(tip.text.startswith("Household Internet Access") and
           "value 98" in tip.text and "target 100" in tip.text and
           "98 % of target" in tip.text and "95+ % of target" in tip.text,
           "hovering a wedge shows its KPI, value, target, % and band: "
           + tip.text.replace("\n", " | "))
        # and by keyboard: Tab reaches the wheel, arrows move
        driver.find_element(By.ID, "opt-name").click()
        driver.execute_script("document.activeElement.blur();"
                              "document.getElementById('h-wheel')"
                              ".setAttribute('tabindex','-1');"
                              "document.getElementById('h-wheel').focus();")
        active = None
        for _ in range(10):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            active = driver.switch_to.active_element
            if "wedge" in (active.get_attribute("class") or ""):
                break
        ok("wedge" in (active.get_attribute("class") or ""),
           "Tab reaches the wheel's wedges")
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        wait.until(lambda d: "Fixed Broadband" in tip.text)
        ok(tip.is_displayed() and "Fixed Broadband" in tip.text,
           "an arrow key moves to the next wedge and shows its tooltip")
        focus_ring = driver.execute_script(
            "return getComputedStyle(document.activeElement).strokeWidth")
        ok(focus_ring and focus_ring != "0px", "the focused wedge is outlined")

        # the downloads are the CLI's files
        targets = os.path.join(tmp, "targets.csv")
        for fmt, extra in (("png", ["--width", "2000"]), ("svg", []),
                           ("pdf", [])):
            driver.find_element(By.ID, "dl-" + fmt).click()
            got = wait_file(downloads, "Asker." + fmt)
            want = cli_render(tmp, "cli." + fmt, "--name", "Asker",
                              "--targets", targets, *extra)
            ok(got is not None and got == want,
               "the %s download is byte-identical to citysnap render" % fmt)

        # Norwegian
        Select(driver.find_element(By.ID, "ui-lang")).select_by_value("nb")
        ok(driver.find_element(By.TAG_NAME, "h1").text == "Byprofilhjul",
           "the page switches to Norwegian")
        ok(driver.find_element(By.ID, "opt-lang").get_attribute("value")
           == "nb", "the wheel follows the page's language")
        wait.until(lambda d: "Forhåndsvisning" in d.find_element(
            By.ID, "preview-caption").text)
        settle(driver, wait)
        wait.until(lambda d: (d.find_elements(By.CSS_SELECTOR,
                   "#overlay .wedge") or [None])[0] is not None and
                   "av målet" in (d.find_elements(By.CSS_SELECTOR,
                   "#overlay .wedge")[0].get_attribute("aria-label") or ""))
        wedge = driver.find_elements(By.CSS_SELECTOR, "#overlay .wedge")[0]
        ActionChains(driver).move_to_element(wedge).perform()
        wait.until(lambda d: tip.is_displayed() and "målet" in tip.text)
        ok("målet" in tip.text, "the tooltips are Norwegian: "
           + tip.text.replace("\n", " | "))
        if SHOT:
            Select(driver.find_element(By.ID, "ui-lang")).select_by_value("en")
            wait.until(lambda d: "Preview" in d.find_element(
                By.ID, "preview-caption").text)
            settle(driver, wait)
            time.sleep(0.6)
            wedge = driver.find_elements(By.CSS_SELECTOR, "#overlay .wedge")[5]
            ActionChains(driver).move_to_element(wedge).perform()
            time.sleep(0.3)
            driver.save_screenshot(SHOT)

        # a hostile city name stays text
        name = driver.find_element(By.ID, "opt-name")
        name.clear()
        name.send_keys("<script>alert(1)</script>")
        wait.until(lambda d: "<script>alert(1)</script>" in d.find_element(
            By.ID, "preview-caption").text)
        settle(driver, wait)
        time.sleep(0.5)
        try:
            driver.switch_to.alert
            alerted = True
        except NoAlertPresentException:
            alerted = False
        ok(not alerted, "no script runs from a city name")
        n_scripts = driver.execute_script(
            "return document.querySelectorAll('script').length")
        ok(n_scripts == 2, "no element is made from a city name")
        ok("&lt;script" not in driver.find_element(
            By.ID, "preview-caption").text,
           "the name is shown as typed, not double-escaped")
        # (the broken file's 422 is expected)
        logs = [e["message"][:300] for e in driver.get_log("browser")
                if e.get("level") == "SEVERE" and
                not (e.get("source") == "network" and "422" in e["message"])]
        ok(not logs, "no errors in the browser console: %s" % logs[:3])
    except Exception as e:  # noqa: BLE001 - any failure gets a screenshot
        failed = True
        shot = os.path.join(BUILD, "test-web-failure.png")
        try:
            driver.save_screenshot(shot)
            print("# screenshot: " + shot)
        except Exception:  # noqa: BLE001
            pass
        print("# %s: %s" % (type(e).__name__, e))
    finally:
        driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            rc = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            rc = -1
        if not failed:
            try:
                ok(rc == 0, "serve exits 0 on SIGTERM")
            except AssertionError:
                failed = True
        signal.alarm(0)
        with open(os.path.join(tmp, "serve.log")) as f:
            log = f.read()
        if failed:
            print("# serve log:\n# " + log.replace("\n", "\n# "))
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % len(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
