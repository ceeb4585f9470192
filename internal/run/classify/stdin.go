package classify

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// Standard input: a line longer than a default bufio.Scanner takes, or no input at all.

// eofRE is an error message that a read at the end of empty input produces.
var eofRE = regexp.MustCompile(`(?:^|[\s:])(?:unexpected )?EOF$|strconv\.\w+: parsing "": invalid syntax|index out of range \[\d+\] with length 0|` +
	// a count read as 0 used as a divisor; a line read as "" cut before its newline (s[:len(s)-1])
	`integer divide by zero|slice bounds out of range \[:-1\]|slice bounds out of range \[\d*:\d+\] with (?:length|capacity) 0`)

// recogniseTokenTooLong: a default bufio.Scanner meets a line of 64 KiB or more. Scan returns
// false, so a loop over it ends as if the input had ended; Err says bufio.ErrTooLong.
func recogniseTokenTooLong(f *facts) (Result, bool) {
	src := f.in.Source
	errSeen := f.has("bufio.Scanner: token too long")
	long := src != nil && src.ScannerDefault && f.in.StdinMaxLine >= bufio.MaxScanTokenSize &&
		f.in.Stdin != result.RunStdinNone && f.in.Stdin != result.RunStdinTerminal
	if !errSeen && !long {
		return Result{}, false
	}
	if !errSeen && !f.ran() {
		return Result{}, false // stopped or killed: the long line is not known to be why
	}
	res := Result{ID: StdinTokenTooLong, Title: "a line of the input is longer than bufio.Scanner's 64 KiB limit"}
	if f.in.StdinMaxLine > 0 {
		res.Title = fmt.Sprintf("an input line of %d bytes is longer than bufio.Scanner's 64 KiB limit", f.in.StdinMaxLine)
	}
	res.Explanation = "A bufio.Scanner holds one line (token) at a time in a buffer of at most 64 KiB " +
		"(bufio.MaxScanTokenSize) unless told otherwise. On a longer line, Scan returns false, as at the end of " +
		"the input, and Err returns bufio.ErrTooLong"
	switch {
	case errSeen:
		res.Explanation += "; the program checked Err and reported \"bufio.Scanner: token too long\"."
		if l := f.lastMessage(); l != "" {
			res.Details = append(res.Details, l)
		}
	case src != nil && src.ScannerErrIgnored:
		res.Explanation += ". The program never checks Err, so its scanning loop simply stopped at that line: " +
			"the rest of the input was ignored, without an error."
	default:
		res.Explanation += ", so the scanning loop stopped at that line and the rest of the input was ignored."
	}
	if src != nil && src.ScannerPos != "" {
		res.Location = src.ScannerPos
		res.Details = append(res.Details, "scanner made at "+src.ScannerPos+" with no Buffer call")
	}
	res.Fix = newFix("Give the scanner a larger buffer before the first Scan, sized for the longest line:\n" +
		"    scanner := bufio.NewScanner(os.Stdin)\n" +
		"    scanner.Buffer(make([]byte, 1024*1024), 1024*1024)\n" +
		"(or read lines with bufio.NewReader(os.Stdin).ReadString('\\n'), which has no limit), and check " +
		"scanner.Err() after the loop so that a cut-off input is an error, not a silent short answer.")
	return res, true
}

// recogniseStdinEOF: the code reads standard input, none was given, and the program failed the
// way a read of empty input fails (an EOF error, an index into an empty slice, an empty parse),
// or it printed nothing at all.
func recogniseStdinEOF(f *facts) (Result, bool) {
	src := f.in.Source
	given := f.in.Stdin == result.RunStdinFile || f.in.Stdin == result.RunStdinText
	emptyGiven := given && f.in.StdinBytes == 0 // an empty file (never saved?) is no input at all
	if src != nil && src.ReadsStdin && given && !emptyGiven && f.ran() && f.exit != 0 {
		return inputRanOut(f)
	}
	if src == nil || !src.ReadsStdin || (f.in.Stdin != result.RunStdinNone && !emptyGiven) || !f.ran() {
		return Result{}, false
	}
	symptom := ""
	switch {
	case f.exit == 0:
		if len(bytes.TrimSpace(f.in.Stdout)) > 0 {
			return Result{}, false
		}
		symptom = "It read nothing, printed nothing and exited 0: a loop over the input (for scanner.Scan()) ends at once on empty input."
	default:
		line := ""
		if l, i := f.firstLineWith("panic: "); i >= 0 {
			line = panicValue(l)
		} else {
			line = f.lastMessage()
		}
		if line == "" || !eofRE.MatchString(line) {
			return Result{}, false
		}
		symptom = fmt.Sprintf("Its first read found the end of the input at once, which led to: %s.", text.Clip(line, 200))
	}
	if emptyGiven {
		symptom = "The input given is empty (0 bytes): a file created but never saved, or an empty --input. " + symptom
	}
	res := Result{
		ID:    StdinEOF,
		Title: "the program reads standard input, and no input was given",
		Explanation: "The program reads its input from standard input, but it ran with none (stdin was empty, as " +
			"when an editor's Run button or a task starts it). " + symptom,
		Fix: newFix("Give it the input: with gomedic, --stdin FILE or --input TEXT; in a shell, go run "+f.target()+" < input.txt; in VS "+
			"Code, a launch configuration with \"console\": \"integratedTerminal\" lets you type it. And handle the "+
			"end of input in the code: check what fmt.Scan returns, the scanner's Err, and the length of what was "+
			"read before indexing it.", f.inDir(f.dir(), f.target())+"go run "+f.target()+" < input.txt"),
	}
	if l, i := f.firstLineWith("panic: "); i >= 0 {
		res.Details = []string{l}
		if loc, ok := f.firstLocated(parseGoroutines(f.lines[i:])); ok {
			res.Location = loc.at.Where()
			res.Explanation += " The panic was in " + loc.words() + "."
		}
	} else if l := f.lastMessage(); l != "" {
		res.Details = []string{l}
	}
	if src.ScannerPos != "" && res.Location == "" {
		res.Location = src.ScannerPos
	}
	if strings.TrimSpace(f.stdout) == "" && f.exit != 0 {
		res.Explanation += " It printed nothing on standard output."
	}
	return res, true
}

// inputEndRE is the error of a read past the end of the input: io.EOF, io.ErrUnexpectedEOF, or
// fmt.Scan's "unexpected newline" when a line holds fewer values than asked for.
var inputEndRE = regexp.MustCompile(`(?:^|[\s:])(?:unexpected )?EOF$|(?:^|[\s:])unexpected newline$`)

// inputRanOut: input was given, and the program failed with an end-of-input error: it wanted more
// (or other) input than it got.
func inputRanOut(f *facts) (Result, bool) {
	raw, i := f.firstLineWith("panic: ")
	line := raw
	if i >= 0 {
		line = panicValue(raw)
	} else {
		raw = f.lastMessage()
		line = logTimeRE.ReplaceAllString(raw, "") // log.Fatal's timestamp
	}
	if line == "" || !inputEndRE.MatchString(strings.TrimSpace(line)) {
		return Result{}, false
	}
	size := "the input given"
	if f.in.StdinBytes > 0 {
		size = fmt.Sprintf("the input given (%d bytes)", f.in.StdinBytes)
	}
	res := Result{
		ID:    StdinEOF,
		Title: "the input ended before the program finished reading it",
		Explanation: fmt.Sprintf("The program read standard input to its end and wanted more: %s has fewer values or "+
			"lines than the code reads (a count on the first line larger than the values that follow, a missing "+
			"last line), so a read failed: %s.", size, text.Clip(line, 200)),
		Fix: newFix("Check the input against what the code reads: the counts it reads first, and one value per read. " +
			"If the format is right, handle the end of the input in the code (stop at io.EOF) instead of failing."),
		Details: []string{raw},
	}
	if strings.HasSuffix(strings.TrimSpace(line), "unexpected newline") {
		res.Explanation = fmt.Sprintf("fmt.Scanln (or Fscanln) read a line of %s that holds fewer values than "+
			"it was given variables for, and returned %s.", size, text.Clip(line, 200))
		res.Fix = newFix("Give each line as many values as the Scanln call reads, or read with fmt.Scan, which treats " +
			"newlines as spaces.")
	}
	if i >= 0 {
		if loc, ok := f.firstLocated(parseGoroutines(f.lines[i:])); ok {
			res.Location = loc.at.Where()
			res.Explanation += " The panic was in " + loc.words() + "."
		}
	}
	return res, true
}
