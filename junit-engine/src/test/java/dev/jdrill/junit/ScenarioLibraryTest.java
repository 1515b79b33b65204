package dev.jdrill.junit;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The project's scenario library, {@code scripts/}, run through this engine by {@code mvn verify}: one
 * test per script and target, named {@code scripts/<path> [target]} in Surefire's report. A suite class
 * rather than a bare configuration parameter because Surefire only reports tests found under a class.
 * The target is {@code engine} unless {@code -Djdrill.target=engine,linux} says otherwise.
 */
@Suite
@SuiteDisplayName("scripts/")
@IncludeEngines(JdrillTestEngine.ID)
@SelectDirectories("../scripts") // Surefire and IDEs run tests in the module's directory
class ScenarioLibraryTest {
}
