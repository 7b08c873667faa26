"""`brink play`: the game in a terminal, drawn with `rich`, played from a numbered menu.

The table is drawn whenever the game waits for you: both sides' public tracks, your hand (names,
costs, texts), your private stockpiles, the opponent's hand as a count, the stake and the deal on
the table, and a menu of what you may do now (from the server's `options`; what you may not do
is listed with the reason). A team role whose side is waited for but who may do nothing now
(the Commerce in the talks) is told so, and who may, instead of a menu; a side that has passed
in the talks is told what that means and offered what it may still do (client/options.py). What
happens is told as it happens, in plain language.

`--seat spectator` watches a room instead: the table as a spectator sees it, every move told as
it happens, no menu and no input (Ctrl-C stops; client/terminal/watch.py).

Input is read line by line from stdin on a thread, so the other side's moves show while you
think; a script can drive it through a pipe (see tests/client/test_cli.py):

    3                      choose menu item 3
    3 on_china=20 hands=2  choose a proposal with other parameters (hands: how long it runs)
    check / call / fold / pass / accept / reject / withdraw
    say TEXT / team TEXT   chat to the room / to your own side
    board / log / help / quit

The modules, each importing only those above it:

    words       the phrases in English and Chinese, the sides' colours, plurals
    names       rules ids and phrases in the player's language
    refusals    why a move is refused, in the player's language
    narration   what happens, one line per event or chat message
    board       the table drawn with rich, and the end of the game
    gallery     the table as a spectator sees it: no side's own
    menu        the numbered menu, its commands, a proposal's typed parameters
    turns       what is said when the seat may not simply choose: a role allowed nothing, a pass
    teller      `Teller`: what a seat and a spectator both do: tell what happens as it happens,
                whom the game waits for, redraw after a reconnection, how to come back
    play        `Terminal`: one seat at the table, notices in and typed lines out
    watch       `Watcher`: a spectator (`--seat spectator`), told every move, no menu, no input
    again       "Rematch? [y/N]" at the end of a game (at a terminal), and the new room's seat
    session     connecting, sitting down, stdin, `run_play` (Ctrl-C says how to come back)
"""

from client.terminal.board import Board
from client.terminal.gallery import Gallery
from client.terminal.menu import MENU_GRACE, Item, Menu, with_params
from client.terminal.names import Names
from client.terminal.narration import Narrator
from client.terminal.play import Terminal
from client.terminal.session import Lines, run_play, seat_for
from client.terminal.watch import Watcher, run_watch
from client.terminal.words import HELP, OTHER, SIDE_STYLE, WORDS, plural

__all__ = [
    "HELP",
    "MENU_GRACE",
    "OTHER",
    "SIDE_STYLE",
    "WORDS",
    "Board",
    "Gallery",
    "Item",
    "Lines",
    "Menu",
    "Names",
    "Narrator",
    "Terminal",
    "Watcher",
    "plural",
    "run_play",
    "run_watch",
    "seat_for",
    "with_params",
]
