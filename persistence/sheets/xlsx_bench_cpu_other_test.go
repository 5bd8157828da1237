//go:build !unix

package sheets

import "time"

// processCPU is not measured here: the benchmark reports 0 CPU.
func processCPU() time.Duration { return 0 }
