package io.ghostide.realtime.frontend;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.ghostide.realtime.frontend.BrowserDriver.Tab;
import io.ghostide.realtime.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tabs of the sample page editing one session file together in real headless Chromium:
 * what each types reaches the other live, both converge with the stored file, and each draws
 * the other's cursor with its name in the colour the presence list gives that person.
 */
class SharedEditingBrowserTests extends BrowserTestSupport {

    private static final Duration CONVERGE_WAIT = Duration.ofSeconds(60);

    // types `count` characters of `word` at random places, one every few milliseconds, as CodeMirror's own
    // input does (userEvent input.type); window.typed counts them
    private static final String TYPE_IN_PAGE = """
            (() => {
              const view = ghostide.editor.view;
              window.typed = 0;
              const timer = setInterval(() => {
                const at = Math.floor(Math.random() * (view.state.doc.length + 1));
                view.dispatch({ changes: { from: at, insert: %s[window.typed %% %s.length] },
                  selection: { anchor: at + 1 }, userEvent: 'input.type' });
                window.typed += 1;
                if (window.typed === %d) clearInterval(timer);
              }, 4);
            })()""";

    @Test
    void twoTabsTypingIntoTheSameFileAtOnceConvergeWithEachOthersCursorShown() throws Exception {
        String session = session();
        Tab[] tabs = aliceAndBobSharing(session, "shared.py", "# shared\n");
        Tab alice = tabs[0];
        Tab bob = tabs[1];

        // at once: bob's page types 300 characters at random places while alice types on the keyboard
        bob.eval(TYPE_IN_PAGE.formatted("'bob'", "'bob'", 300));
        alice.click("#code .cm-content");
        alice.chord("Control+End");
        // no brackets or quotes: CodeMirror closes those itself, and bob's letters land between them
        String typed = "alice was here ";
        alice.keys(typed);
        bob.waitFor("window.typed === 300", CONVERGE_WAIT);
        alice.waitFor("ghostide.editor.value.length === " + ("# shared\n".length() + typed.length() + 300), CONVERGE_WAIT);
        bob.waitFor("ghostide.editor.value.length === " + ("# shared\n".length() + typed.length() + 300), CONVERGE_WAIT);
        // and equal: the same text in both tabs and in the stored file
        String text = code(alice);
        bob.waitFor("ghostide.editor.value === " + Tab.quote(text), CONVERGE_WAIT);
        assertThat(text.chars().filter(c -> c == 'b' || c == 'o').count()).as("bob's letters, each once").isEqualTo(300);
        assertThat(text.replaceAll("[bo]", "")).contains("# shared").contains("alice was here ".replaceAll("[bo]", ""));
        assertThat(stored(session, "shared.py")).contains(Tab.quote(text));

        // each draws the other's cursor, named, in the colour the presence list gives that person
        alice.eval("ghostide.editor.focus()");
        alice.chord("Control+Home");
        for (Tab[] pair : new Tab[][] { { alice, bob }, { bob, alice } }) {
            Tab viewer = pair[0];
            String other = pair[1] == alice ? "alice" : "bob";
            viewer.waitFor("[...document.querySelectorAll('#code .cm-remote-name')].some(n => n.textContent === '"
                    + other + "')");
            viewer.waitFor("document.querySelector('#people li[data-user=\"" + other + "\"] .avatar') !== null");
            viewer.waitFor("""
                    (() => {
                      const name = [...document.querySelectorAll('#code .cm-remote-name')].find(n => n.textContent === '%1$s');
                      const avatar = document.querySelector('#people li[data-user="%1$s"] .avatar');
                      return getComputedStyle(name).backgroundColor === getComputedStyle(avatar).backgroundColor;
                    })()""".formatted(other));
            // and the file bar says who else has the file open
            viewer.waitFor("document.querySelector('#file-list li[data-file-name=\"shared.py\"] .opener[data-user=\""
                    + other + "\"]') !== null");
            String self = viewer == alice ? "alice" : "bob";
            assertThat(viewer.eval("document.querySelector('#file-list .opener[data-user=\"" + self + "\"]') === null")
                    .asBoolean()).as("%s is not among the others", self).isTrue();
            JsonNode violations = viewer.axe();
            assertThat(violations.size()).as("axe with the others' cursors and the file bar's openers: %s", violations).isZero();
        }
        alice.screenshot(this.testName + "-alice");
        bob.screenshot(this.testName + "-bob");
        assertThat(alice.errors()).isEmpty();
        assertThat(bob.errors()).isEmpty();
    }

    /** What a tab types while its connection is down is pushed, rebased, once it is back; nothing is lost. */
    @Test
    void wordsTypedWhileTheConnectionIsDownReachTheOtherTabOnceItIsBack() throws Exception {
        String session = session();
        Tab[] tabs = aliceAndBobSharing(session, "offline.py", "start\n");
        Tab alice = tabs[0];
        Tab bob = tabs[1];
        // bob's socket closed by page script and typed into at once, before the library is back;
        // alice types at the start meanwhile
        bob.eval("""
                (() => {
                  const view = ghostide.editor.view;
                  ghostide.connection.transport.socket.close();
                  for (const word of ['one ', 'two ', 'three ']) {
                    view.dispatch({ changes: { from: view.state.doc.length, insert: word }, userEvent: 'input.type' });
                  }
                })()""");
        alice.eval("ghostide.editor.view.dispatch({ changes: { from: 0, insert: 'A: ' }, userEvent: 'input.type' })");
        bob.waitFor("document.getElementById('banner').dataset.recovered === 'true'", Duration.ofSeconds(20));
        String expected = "A: start\none two three ";
        convergeOn(tabs, expected);
        assertThat(stored(session, "offline.py")).contains(Tab.quote(expected));
    }

    /**
     * One edit larger than a push may be on the wire (a big paste) is undone in the tab that made it, which
     * says so in a toast; the other tab never sees it, and editing goes on for both.
     */
    @Test
    void anEditTooLargeToSendIsOnlyUndoneWithAToast() throws Exception {
        String session = session();
        Tab[] tabs = aliceAndBobSharing(session, "paste.py", "keep\n");
        Tab alice = tabs[0];
        Tab bob = tabs[1];
        alice.eval("document.querySelectorAll('.toast').forEach(t => t.remove())");
        alice.eval("ghostide.editor.view.dispatch({ changes: { from: 5, insert: 'x'.repeat(70000) }, userEvent: 'input.paste' })");
        JsonNode toast = alice.waitFor("[...document.querySelectorAll('.toast.error')].map(t => t.textContent)"
                + ".find(t => t.includes('Edit undone')) ?? false", Duration.ofSeconds(20));
        assertThat(toast.asString()).contains("too large to share");
        alice.waitFor("ghostide.editor.value === 'keep\\n'", Duration.ofSeconds(20));
        JsonNode violations = alice.axe();
        assertThat(violations.size()).as("axe with the toast: %s", violations).isZero();

        alice.eval("ghostide.editor.view.dispatch({ changes: { from: 5, insert: 'small' }, userEvent: 'input.type' })");
        convergeOn(tabs, "keep\nsmall");
    }

    /**
     * Clicking the tab of the file already open again (twice, as a double click does) neither reloads it nor
     * reopens its document: what is typed just after reaches the other tab and stays.
     */
    @Test
    void clickingTheOpenFilesTabAgainKeepsWhatIsTypedMeanwhile() throws Exception {
        String session = session();
        Tab[] tabs = aliceAndBobSharing(session, "again.py", "first\n");
        Tab bob = tabs[1];
        bob.eval("""
                (async () => {
                  const button = document.querySelector('#file-list li[data-file-name="again.py"] button');
                  button.click();
                  button.click();
                  // typed when a reopen would have the document closed, or half a second on when none comes
                  const until = Date.now() + 500;
                  while (ghostide.sharing.shared && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
                  const view = ghostide.editor.view;
                  view.dispatch({ changes: { from: view.state.doc.length, insert: 'typed' }, userEvent: 'input.type' });
                })()""");
        convergeOn(tabs, "first\ntyped");
        assertThat(stored(session, "again.py")).contains(Tab.quote("first\ntyped"));
    }

    /** Alice (STOMP) saves {@code fileName}, Bob (raw) opens it, and both edit it as a shared document. */
    private Tab[] aliceAndBobSharing(String session, String fileName, String text) {
        Tab alice = open(base(), session, "stomp", "&name=alice");
        Tab bob = open(base(), session, "raw", "&name=bob");
        shareFile(alice, bob, fileName, text);
        for (Tab tab : new Tab[] { alice, bob }) {
            tab.waitFor("ghostide.sharing.shared && ghostide.sharing.fileName === " + Tab.quote(fileName));
        }
        return new Tab[] { alice, bob };
    }

    /** Waits until every tab holds {@code expected}; none logged an error meanwhile. */
    private static void convergeOn(Tab[] tabs, String expected) {
        for (Tab tab : tabs) {
            tab.waitFor("ghostide.editor.value === " + Tab.quote(expected), CONVERGE_WAIT);
        }
        for (Tab tab : tabs) {
            assertThat(tab.errors()).isEmpty();
        }
    }

    /** The body of GET of the file (its JSON), after a 200. */
    private String stored(String session, String fileName) {
        HttpResponse<String> response = Http.on(this.port).get("/api/v1/sessions/" + session + "/files/" + fileName);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
