package domain

import (
	"errors"
	"fmt"
)

// Error codes: what kind of failure an Error is, so the UI and the command
// line can react (exit status 1 for invalid input, a "not found" message …).
const (
	EINVALID  = "invalid"   // the input is wrong; the message says how to fix it
	ENOTFOUND = "not_found" // the thing referred to does not exist
	ECONFLICT = "conflict"  // the change clashes with existing data (duplicate, cycle, closed period)
	EINTERNAL = "internal"  // a bug or an environment failure
)

// Error is an application error whose Message is fit to show a user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// or a generic sentence for internal errors (whose detail belongs in the log).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred: " + err.Error()
}
