//go:build xvfb && sqlite_fts5

package main

func init() { binaryTags = append(binaryTags, "sqlite_fts5") }
