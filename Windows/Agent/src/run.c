/* ⑤ InitializeFace.bat answered 「1」 and Enter, and ⑪ OQSComAppRestart 「管理者として実行」. */
#include "agent.h"
#include <shellapi.h>
#include <objbase.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OUTPUT (256 * 1024) /* what a batch may print before the rest is dropped */

/* Runs `bat` through cmd.exe, typing each step's text on its standard input when the step's cue
 * has appeared in the output (as a person answers what the screen shows), then end of file once
 * the steps are done or the batch has printed nothing for 5 s; standard output and error
 * captured together, in a job object so that a timeout ends the batch and
 * everything it started. The batch's output is Japanese text in CP932 and is returned as UTF-8. */
int run_batch(const WCHAR *bat, const RunStep *steps, int nsteps, DWORD timeout_ms, DWORD *exit_code,
              char **output_utf8, int *truncated, AgentError *e)
{
    *output_utf8 = NULL;
    *truncated = 0;
    DWORD a = GetFileAttributesW(bat);
    if (a == INVALID_FILE_ATTRIBUTES || (a & FILE_ATTRIBUTE_DIRECTORY)) {
        char *p = wide_to_utf8(bat);
        fail(e, "agent.run.notFound", ERROR_FILE_NOT_FOUND, "%s does not exist", p ? p : "the batch");
        free(p);
        return -1;
    }
    WCHAR cmd[MAX_PATH], line[2 * MAX_PATH + 64], dir[MAX_PATH];
    UINT sl = GetSystemDirectoryW(cmd, MAX_PATH);
    if (sl == 0 || sl > MAX_PATH - 10) return fail(e, "agent.internal", GetLastError(), "no system folder");
    wcscat(cmd, L"\\cmd.exe");
    /* /d: no AutoRun commands from the registry; /c: run the batch and end. The whole command
     * after /c is quoted once more, which cmd strips (its documented rule for /c "…"). */
    swprintf(line, sizeof line / sizeof line[0], L"\"%ls\" /d /c \"\"%ls\"\"", cmd, bat);
    wcscpy(dir, bat);
    WCHAR *slash = wcsrchr(dir, L'\\');
    if (slash) *slash = 0; /* run in the batch's folder, as a double-click in Explorer does */

    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL, job = NULL;
    PROCESS_INFORMATION pi = {0};
    char *raw = NULL;
    DWORD rawn = 0;
    int rc = -1;
    if (!CreatePipe(&in_r, &in_w, &sa, 0) || !CreatePipe(&out_r, &out_w, &sa, 0)) {
        fail(e, "agent.run.startFailed", GetLastError(), "CreatePipe failed");
        goto done;
    }
    /* Our ends are not inherited, or the child would hold its own pipes open forever. */
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    job = CreateJobObjectW(NULL, NULL);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
        memset(&li, 0, sizeof li);
        li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li);
    }
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = out_w;
    if (!CreateProcessW(cmd, line, NULL, NULL, TRUE, CREATE_NO_WINDOW | CREATE_SUSPENDED, NULL, dir, &si, &pi)) {
        fail(e, "agent.run.startFailed", GetLastError(), "CreateProcessW(cmd.exe) failed");
        goto done;
    }
    if (job) AssignProcessToJobObject(job, pi.hProcess); /* best effort: a timeout still ends cmd.exe */
    ResumeThread(pi.hThread);
    CloseHandle(in_r);
    in_r = NULL;
    CloseHandle(out_w);
    out_w = NULL;

    raw = malloc(MAX_OUTPUT);
    if (!raw) { fail(e, "agent.internal", ERROR_NOT_ENOUGH_MEMORY, "out of memory"); goto done; }
    ULONGLONG start = GetTickCount64(), last_output = start;
    int exited = 0, step = 0;
    size_t cue_from = 0; /* output before the last answer is not searched for the next cue */
    for (;;) {
        /* Answer the next step when its cue is on the screen. All the answers are not written at
         * once: Wine 8's cmd keeps "\r\n" in a `set /p` value when more input already waits in
         * the pipe, and a person does not type ahead of the screen either. */
        while (in_w && step < nsteps) {
            const char *cue = steps[step].cue;
            int shown = !cue;
            if (cue) {
                size_t cl = strlen(cue);
                for (size_t k = cue_from; !shown && k + cl <= rawn; k++) shown = !memcmp(raw + k, cue, cl);
            }
            if (!shown) break;
            DWORD w, tl = (DWORD)strlen(steps[step].text);
            if (tl) WriteFile(in_w, steps[step].text, tl, &w, NULL); /* a few bytes: fits any pipe */
            cue_from = rawn;
            step++;
        }
        if (in_w && (step == nsteps || GetTickCount64() - last_output > 5000)) {
            CloseHandle(in_w); /* end of file: a further read gets nothing instead of waiting */
            in_w = NULL;
        }
        DWORD avail = 0;
        char sink[4096];
        while (PeekNamedPipe(out_r, NULL, 0, NULL, &avail, NULL) && avail) {
            DWORD got = 0;
            if (rawn < MAX_OUTPUT) {
                DWORD room = MAX_OUTPUT - rawn;
                if (!ReadFile(out_r, raw + rawn, avail < room ? avail : room, &got, NULL)) break;
                rawn += got;
                if (got) last_output = GetTickCount64();
            } else {
                *truncated = 1;
                if (!ReadFile(out_r, sink, avail < sizeof sink ? avail : sizeof sink, &got, NULL)) break;
            }
        }
        if (exited) break;
        if (WaitForSingleObject(pi.hProcess, 50) == WAIT_OBJECT_0) {
            exited = 1; /* one more pass drains what it wrote last */
            continue;
        }
        if (GetTickCount64() - start > timeout_ms) {
            if (job) TerminateJobObject(job, 1);
            TerminateProcess(pi.hProcess, 1);
            WaitForSingleObject(pi.hProcess, 5000);
            fail(e, "agent.run.timeout", WAIT_TIMEOUT, "the batch did not finish within %lu ms and was ended",
                 (unsigned long)timeout_ms);
            goto done;
        }
    }
    if (!GetExitCodeProcess(pi.hProcess, exit_code)) {
        fail(e, "agent.run.startFailed", GetLastError(), "no exit code");
        goto done;
    }
    /* CP932 (Shift_JIS as Windows has it): the batch's text is Japanese whatever the locale. */
    *output_utf8 = codepage_to_utf8(932, raw, (int)rawn);
    if (!*output_utf8) { fail(e, "agent.internal", 0, "the output could not be converted from CP932"); goto done; }
    rc = 0;
done:
    free(raw);
    if (pi.hThread) CloseHandle(pi.hThread);
    if (pi.hProcess) CloseHandle(pi.hProcess);
    if (job) CloseHandle(job); /* KILL_ON_JOB_CLOSE: nothing the batch started outlives it */
    if (in_r) CloseHandle(in_r);
    if (in_w) CloseHandle(in_w);
    if (out_r) CloseHandle(out_r);
    if (out_w) CloseHandle(out_w);
    return rc;
}

int op_run_initialize_face(const JNode *req, Buf *out, AgentError *e)
{
    long long timeout;
    if (field_int(req, "timeoutMs", 60000, 1000, 600000, &timeout, e)) return -1;
    DWORD code = 0;
    char *text = NULL;
    int trunc;
    /* ⑤: 「1」 then Enter; when 「初期化完了」 is shown, Enter ends the tool. The cue is CP932 bytes. */
    static const RunStep steps[] = {{NULL, "1\r\n"}, {INIT_DONE_CP932, "\r\n"}};
    if (run_batch(initialize_face_path(), steps, 2, (DWORD)timeout, &code, &text, &trunc, e)) return -1;
    buf_kwstr(out, "path", initialize_face_path());
    buf_kint(out, "exitCode", code);
    buf_kstr(out, "output", text);
    buf_kbool(out, "outputTruncated", trunc);
    free(text);
    return 0;
}

int op_run_com_app_restart(const JNode *req, Buf *out, AgentError *e)
{
    long long timeout;
    if (field_int(req, "timeoutMs", 120000, 1000, 600000, &timeout, e)) return -1;
    WCHAR path[MAX_PATH];
    if (!find_com_app_restart(path, MAX_PATH))
        return fail(e, "agent.run.notFound", ERROR_FILE_NOT_FOUND,
                    "OQSComAppRestart (.bat/.cmd/.exe) is not in Program Files\\OQS\\OQSComApp\\tools");
    /* ShellExecuteEx may hand the verb to shell extensions, which want COM on this thread. */
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    SHELLEXECUTEINFOW sei;
    memset(&sei, 0, sizeof sei);
    sei.cbSize = sizeof sei;
    /* NOCLOSEPROCESS: we wait for it. NOASYNC: we return only when it has started. FLAG_NO_UI:
     * no error dialogs (the UAC consent prompt of "runas" is shown all the same). */
    sei.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    sei.lpVerb = L"runas"; /* the manual's 「管理者として実行」; Wine has no UAC and just runs it */
    sei.lpFile = path;
    sei.nShow = SW_SHOWNORMAL;
    int rc = -1;
    if (!ShellExecuteExW(&sei)) {
        DWORD err = GetLastError();
        if (err == ERROR_CANCELLED) fail(e, "agent.run.cancelled", err, "the person answered いいえ to the elevation prompt");
        else fail(e, "agent.run.startFailed", err, "ShellExecuteExW(runas) failed");
        goto done;
    }
    if (!sei.hProcess) {
        fail(e, "agent.run.startFailed", 0, "started, but no process handle came back to wait on");
        goto done;
    }
    DWORD wr = WaitForSingleObject(sei.hProcess, (DWORD)timeout);
    if (wr != WAIT_OBJECT_0) {
        /* An elevated process cannot be ended from this non-elevated one: say so, leave it. */
        fail(e, "agent.run.timeout", WAIT_TIMEOUT, "OQSComAppRestart did not finish within %lld ms (left running)", timeout);
        goto done;
    }
    DWORD code = 0;
    GetExitCodeProcess(sei.hProcess, &code);
    buf_kwstr(out, "path", path);
    buf_kint(out, "exitCode", code);
    buf_kbool(out, "elevationRequested", 1);
    rc = 0;
done:
    if (sei.hProcess) CloseHandle(sei.hProcess);
    if (SUCCEEDED(co)) CoUninitialize();
    return rc;
}
