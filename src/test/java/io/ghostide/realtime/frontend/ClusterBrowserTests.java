package io.ghostide.realtime.frontend;

import java.util.List;

import io.ghostide.realtime.frontend.BrowserDriver.Tab;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new user's check of several instances, in Chromium: one Redis, two instances on two ports,
 * the sample page open on each with the same session. A run started in one tab streams in both,
 * a file saved in one appears in the other, each lists the other's user, and when one instance
 * goes the other keeps serving its tab.
 */
class ClusterBrowserTests extends BrowserTestSupport {

    private RedisServer redis;

    private ServerInstance first;

    private ServerInstance second;

    @BeforeEach
    void startCluster() {
        this.redis = RedisServer.start();
        this.first = ServerInstance.redis(this.redis, "page-a");
        this.second = ServerInstance.redis(this.redis, "page-b");
    }

    @AfterEach
    void stopCluster() {
        ServerInstance.closeQuietly(this.second, this.first, this.redis);
    }

    @Test
    void twoTabsOnTwoInstancesShareASessionThatSurvivesOneInstance() {
        String session = session();
        Tab alice = open(base(this.first), session, "stomp", "&name=alice");
        Tab bob = open(base(this.second), session, "raw", "&name=bob");
        for (Tab tab : List.of(alice, bob)) {
            tab.waitFor("['alice', 'bob'].every(u => document.querySelector(`#people li[data-user=\"${u}\"]`))");
        }

        // a file saved through the first instance appears in the second's tab bar, with its text
        alice.fill("#file-name", "greet.py");
        setCode(alice, "def greet(name):\n    return f'hello {name}'\n");
        alice.click("#save");
        bob.waitFor("document.querySelector('#file-list li[data-file-name=\"greet.py\"]') !== null");
        bob.click("#file-list li[data-file-name=\"greet.py\"] button");
        bob.waitFor("ghostide.editor.value.includes('hello {name}')");

        // a run started on the first instance imports the file and streams in both tabs
        alice.fill("#file-name", "main.py");
        alice.select("#language", "python");
        setCode(alice, """
                import time
                from greet import greet
                for i in range(1, 6):
                    print(greet(f"line {i}"), flush=True)
                    time.sleep(0.2)
                """);
        alice.click("#run");
        alice.waitFor(RUN_FINISHED, RUN_WAIT);
        bob.waitFor(RUN_FINISHED, RUN_WAIT);
        List<String> expected = List.of("stdout:hello line 1", "stdout:hello line 2", "stdout:hello line 3",
                "stdout:hello line 4", "stdout:hello line 5");
        for (Tab tab : List.of(alice, bob)) {
            assertThat(texts(tab.eval(OUTPUT_ROWS))).containsExactlyElementsOf(expected);
        }
        bob.screenshot(this.testName + "-second-instance");

        // the first instance goes: its user leaves the second tab's list, and that tab keeps working
        this.first.close();
        bob.waitFor("document.querySelector('#people li[data-user=\"alice\"]') === null", RUN_WAIT);
        setCode(bob, "print('still here')\n");
        bob.click("#run");
        bob.waitFor(OUTPUT_ROWS + ".includes('stdout:still here') && " + RUN_FINISHED, RUN_WAIT);
        assertThat(bob.eval("document.getElementById('run-status').dataset.status").asString()).isEqualTo("ok");
        assertThat(texts(bob.eval(OUTPUT_ROWS))).containsExactly("stdout:still here");
        assertThat(bob.errors()).isEmpty();
    }

    private static String base(ServerInstance instance) {
        return instance.http().url("");
    }
}
