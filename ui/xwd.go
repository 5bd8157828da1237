package ui

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/bits"
	"os/exec"
)

// CaptureScreen grabs the X display's root window with xwd. Under Xvfb the GL
// front buffer that Canvas.Capture reads is not kept, so screenshots of the
// real window are taken from the X server instead.
func CaptureScreen() (image.Image, error) {
	out, err := exec.Command("xwd", "-root", "-silent").Output()
	if err != nil {
		return nil, fmt.Errorf("xwd: %w", err)
	}
	return DecodeXWD(out)
}

// DecodeXWD decodes a 24/32-bit TrueColor XWD image (what xwd writes for Xvfb).
func DecodeXWD(b []byte) (image.Image, error) {
	if len(b) < 100 {
		return nil, errors.New("xwd: short header")
	}
	h := make([]uint32, 25)
	if err := binary.Read(bytes.NewReader(b[:100]), binary.BigEndian, h); err != nil {
		return nil, err
	}
	headerSize, width, height := h[0], int(h[4]), int(h[5])
	byteOrder, bpp, bpl := h[7], int(h[11]), int(h[12])
	rmask, gmask, bmask, ncolors := h[14], h[15], h[16], int(h[19])
	if bpp != 32 && bpp != 24 {
		return nil, fmt.Errorf("xwd: %d bits per pixel not supported", bpp)
	}
	off := int(headerSize) + ncolors*12
	if width <= 0 || height <= 0 || off+height*bpl > len(b) {
		return nil, errors.New("xwd: truncated image")
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	shift := func(m uint32) int { return bits.TrailingZeros32(m) }
	rs, gs, bs := shift(rmask), shift(gmask), shift(bmask)
	step := bpp / 8
	for y := 0; y < height; y++ {
		row := b[off+y*bpl:]
		for x := 0; x < width; x++ {
			p := row[x*step : x*step+step]
			var v uint32
			if byteOrder == 0 { // LSBFirst
				for i := step - 1; i >= 0; i-- {
					v = v<<8 | uint32(p[i])
				}
			} else {
				for i := 0; i < step; i++ {
					v = v<<8 | uint32(p[i])
				}
			}
			img.SetRGBA(x, y, color.RGBA{uint8((v & rmask) >> rs), uint8((v & gmask) >> gs), uint8((v & bmask) >> bs), 0xff})
		}
	}
	return img, nil
}
