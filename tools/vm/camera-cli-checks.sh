#!/bin/sh
# Inside the camera VM: `closetd camera list` and `closetd camera grab` against vivid (run by run-camera-vm-tests.sh).
closetd=.build/debug/closetd
list=$($closetd camera list 2>&1)
if echo "$list" | grep -q '^/dev/video0' && echo "$list" | grep -q 'YUYV' && echo "$list" | grep -q '640x480 .*25 fps'; then
  echo "PASS closetd camera list: $(echo "$list" | wc -l) lines, e.g. '$(echo "$list" | grep -m1 '640x480' | sed 's/^ *//')'"
else
  echo "FAIL closetd camera list:"; echo "$list" | head -20; exit 1
fi
if grab=$($closetd camera grab --device /dev/video0 --out /tmp/grab.jpg 2>&1) && [ -s /tmp/grab.jpg ] \
  && [ "$(head -c 2 /tmp/grab.jpg | od -An -tx1 | tr -d ' ')" = "ffd8" ]; then
  echo "PASS closetd camera grab: $grab"
else
  echo "FAIL closetd camera grab: $grab"; exit 1
fi
