// Scenario (i): debug.SetMaxThreads returns the previous limit: 10000 (the runtime's default) at
// the first call, then what the last call set.
package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	fmt.Printf("previous limit: %d\n", debug.SetMaxThreads(100))
	fmt.Printf("previous limit: %d\n", debug.SetMaxThreads(50))
}
