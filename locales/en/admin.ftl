# Admin commands (only admins ever see these).

admin-help = <b>Admin commands</b>
    /balance — providers' balances, customers' wallets, today's sales
    /refund &lt;order&gt; [reason] — refund a delivered order to the customer's wallet
    /credit &lt;user&gt; &lt;amount&gt; [note] — add to a wallet (id or @username)
    /debit &lt;user&gt; &lt;amount&gt; [note] — take from a wallet
    /order &lt;id&gt; — an order and its history
    /user &lt;id|@username&gt; — a customer, their wallet and orders
    /review — orders whose outcome is unknown
    /stats [days] — orders, revenue and margin per provider and per day
    /deposits — open and recent QRIS top-ups
    /sync — sync the catalog now
    /markup &lt;percent&gt; [fixed] — change the markup and reprice
    /product enable|disable &lt;provider&gt;:&lt;code&gt; — offer or hide a product
    /group &lt;provider&gt;:&lt;code&gt; ... — make products one shop product
    /ungroup &lt;provider&gt;:&lt;code&gt; — take one out of its group
    /routes &lt;search&gt; — a product's providers, costs and health; /routes pin|unpin
    Your own wallet: /start.

admin-button-confirm = ✅ Confirm
admin-button-cancel = ✖️ Cancel
admin-cancelled = Cancelled; nothing was done.
admin-already-executed = This was already carried out; it cannot be cancelled now.
admin-no-reason = (no reason given)

admin-usage-refund = Usage: /refund &lt;order id or TB reference&gt; [reason]
admin-usage-adjust = Usage: /credit &lt;user id or @username&gt; &lt;amount&gt; [note] (or /debit)
admin-usage-order = Usage: /order &lt;order id or TB reference&gt;
admin-usage-user = Usage: /user &lt;user id or @username&gt;
admin-usage-stats = Usage: /stats [days, 1 to 90]
admin-usage-markup = Usage: /markup &lt;percent&gt; [fixed amount]. Now: { $percent } % + { $fixed }.
admin-usage-product = Usage: /product enable|disable &lt;provider&gt;:&lt;code&gt;, e.g. /product disable iak:hmlbb5

admin-order-not-found = There is no order { $id }.
admin-user-not-found = Nobody called { $who } has written to the bot.
admin-amount-invalid = { $amount } is not a positive amount in { $currency }.

admin-refund-confirm = Refund order { $reference } ({ $product } for { $target }, { $price }) to customer { $user }?
    Reason: { $reason }
admin-refund-done = ✅ Order { $reference } refunded: { $price } is back in customer { $user }'s wallet. The customer has been told.
admin-refund-already = Order { $reference } was already refunded; nothing moved.
admin-refund-failed-order = Order { $reference } failed: its hold was voided and { $price } is already back in the wallet. Nothing to refund.
admin-refund-unknown = Order { $reference } is { $state }: its outcome is still unknown, and a refund now could pay twice. Settle it with /review.

admin-credit-confirm = Credit { $amount } to customer { $user }?
    Note: { $note }
admin-debit-confirm = Debit { $amount } from customer { $user }?
    Note: { $note }
admin-credit-done = ✅ Credited { $amount } to customer { $user }. They can spend { $balance } now.
admin-debit-done = ✅ Debited { $amount } from customer { $user }. They can spend { $balance } now.
admin-adjust-already = This was already done; nothing moved again. Customer { $user } can spend { $balance }.
admin-debit-insufficient = Refused: customer { $user } can spend only { $balance }, less than { $amount }.

admin-balance-title = <b>Shop overview</b>
admin-balance-provider = { $provider }: { $balance } · { $state }
admin-balance-provider-error = { $provider }: ⚠️ unavailable ({ $error }) · { $state }
admin-balance-low = ⚠️ { $provider } is below { $threshold }: top it up.
admin-balance-wallets = Customers' wallets: { $total } (held for orders in flight: { $held })
admin-balance-today = Today ({ $zone }): { $count } delivered, sales { $sales }, margin { $margin }

admin-order = <b>Order { $id }</b> ({ $reference }), { $state }
    Customer { $user }, { $created }
    { $product } for { $target } via { $provider } (ref { $pref })
    Price { $price }
admin-order-serial = Serial / token: { $serial }
admin-order-failure = Failure: { $reason }
admin-order-history = <b>History</b>
admin-order-event = { $time } { $from } → { $to } ({ $source })

admin-user = <b>Customer { $user }</b> { $name }, since { $since }
    Can spend { $available } (held { $held }); { $orders } orders
admin-user-order = #{ $id } { $date } { $product } { $price } — { $state }

admin-review-empty = No order is waiting for review.
admin-review-title = <b>Orders whose outcome is unknown.</b> Ask the provider, then decide: failed gives the customer their money back.
admin-review-paid-twice-title = <b>Delivered after the customer had the money back</b> (the shop paid twice; the customer was not charged again):
admin-review-item = #{ $id } { $reference }, { $provider }: { $product } for { $target }, { $price }, customer { $user }, since { $since }
admin-review-still-checking = (still being checked with the provider)
admin-review-more = …and { $more } more: settle these first, then send /review again.
admin-review-button-success = ✅ #{ $id } delivered
admin-review-button-failed = ❌ #{ $id } failed
admin-review-marked-success = ✅ Order { $reference } marked delivered.
admin-review-marked-failed = ❌ Order { $reference } marked failed: { $price } is back in customer { $user }'s wallet.
admin-review-already = Order { $reference } is already { $state }; nothing changed.

admin-stats-title = <b>Last { $days } days</b> ({ $zone })
admin-stats-none = No orders.
admin-stats-provider = { $provider }: { $orders } orders, { $delivered } delivered ({ $rate }), revenue { $revenue }, margin { $margin }
admin-stats-days = <b>Per day</b>
admin-stats-day = { $day }: { $orders } orders, revenue { $revenue }, margin { $margin }
admin-stats-caption = Orders per day, last { $days } days

admin-sync-title = <b>Catalog sync</b>
admin-sync-ok = { $provider }: { $listed } listed, { $hidden } hidden, { $unpriced } without a price
admin-sync-error = { $provider }: ⚠️ failed, previous catalog kept ({ $error })
admin-markup-done = Markup is now { $percent } % + { $fixed }. Prices re-synced:

admin-product-enabled = { $product } ({ $name }) is offered again.
admin-product-disabled = { $product } ({ $name }) is hidden from customers.
admin-product-not-found = There is no product { $product }.

cmd-start = Your balance and the main menu
cmd-orders = Your orders
cmd-balance = Your wallet balance
cmd-language = Change the language
cmd-help = What the bot can do
cmd-cancel = Leave what you are doing
cmd-topup = Top up your wallet
cmd-topups = Your wallet top-ups
cmd-admin = Admin: list of admin commands
cmd-admin-balance = Admin: shop overview
cmd-refund = Admin: refund an order
cmd-credit = Admin: credit a wallet
cmd-debit = Admin: debit a wallet
cmd-order = Admin: look up an order
cmd-user = Admin: look up a customer
cmd-review = Admin: orders with an unknown outcome
cmd-stats = Admin: sales statistics
cmd-sync = Admin: sync the catalog
cmd-markup = Admin: change the markup
cmd-product = Admin: offer or hide a product

order-refunded-by-shop = ↩️ Order { $reference }: the shop refunded { $product }. { $price } is back in your wallet.

admin-usage-group = Usage: /group &lt;provider&gt;:&lt;code&gt; &lt;provider&gt;:&lt;code&gt; ... (at least two; the first one's name is shown)
admin-group-done = { $count } products are now one shop product: { $name }.
admin-usage-ungroup = Usage: /ungroup &lt;provider&gt;:&lt;code&gt;
admin-ungroup-done = { $product } ({ $name }) is now a shop product of its own.
admin-usage-routes = Usage: /routes &lt;search&gt;, /routes pin &lt;provider&gt;:&lt;code&gt; &lt;provider&gt;, /routes unpin &lt;provider&gt;:&lt;code&gt;
admin-routes-none = No product matches { $search }.
admin-routes-group = <b>{ $name }</b> <code>{ $key }</code>
admin-routes-member = { $rank } { $provider }:{ $code } — cost { $cost }, price { $price }, { $state }, { $health }, delivered { $success }{ $pinned }
admin-routes-offered = offered
admin-routes-hidden = not offered
admin-routes-unfunded = provider balance too low
admin-routes-healthy = healthy
admin-routes-open = skipped until { $until }
admin-routes-pinned = , pinned
admin-routes-pin-done = { $provider } is now preferred for the group of { $product }.
admin-routes-unpin-done = No provider is preferred for the group of { $product } now.
admin-order-attempts = <b>Attempts</b>
admin-order-attempt = #{ $attempt } { $provider } <code>{ $reference }</code>: { $outcome } ({ $detail })
admin-balance-circuit-open = ⚠️ { $provider } is failing: skipped for new orders until { $until }.
cmd-group = Admin: make products one shop product
cmd-ungroup = Admin: take a product out of its group
cmd-routes = Admin: a product's providers and routing
admin-deposits-disabled = Deposits are off: Flowix is not configured in the shop's currency.
admin-deposits-open-title = <b>Open deposits</b> ({ $count })
admin-deposits-latest-title = <b>Latest settled deposits</b>
admin-deposits-none = None.
admin-deposit-item = #{ $id } { $date }, customer { $user }: { $amount } — { $state }, received { $received } ({ $provider } { $pref }, { $reference })
admin-balance-deposits = Deposits opened today: { $opened }, { $paid } paid, { $received } credited; { $open } open now
admin-stats-deposits = <b>Deposits per day</b>
admin-stats-deposits-day = { $day }: { $opened } opened, { $paid } paid, { $received } credited
admin-user-deposits = <b>Top-ups</b>
cmd-deposits = Admin: open and recent deposits
