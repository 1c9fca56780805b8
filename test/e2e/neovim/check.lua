-- Drives Neovim's built-in LSP client (push diagnostics only) against the
-- Micro-App Guard server: open a file, read the diagnostics, type a secret,
-- run the preferred quick-fix through textDocument/codeAction, then open an IAM
-- policy and a Kubernetes Deployment (permissions and network families), and
-- write what happened to $NVIM_OUT as JSON lines for the runner to check.
local out = os.getenv('NVIM_OUT')
local server = os.getenv('MAG_SERVER')

local function emit(tbl)
  local f = io.open(out, 'a')
  f:write(vim.fn.json_encode(tbl) .. '\n')
  f:close()
end

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr or 0)) do
    table.insert(list, { line = d.lnum + 1, col = d.col + 1, code = d.code, source = d.source, message = d.message })
  end
  return list
end

local function wait_for(pred, ms)
  return vim.wait(ms, pred, 50)
end

vim.api.nvim_create_autocmd('VimEnter', {
  -- nested: :edit inside this callback runs filetype detection, so the client sends languageId json / yaml
  nested = true,
  callback = function()
    local ok, err = pcall(function()
      local client_id = vim.lsp.start_client({
        name = 'microapp-guard',
        cmd = { 'node', server, 'lsp', '--stdio' },
        root_dir = vim.fn.getcwd(),
        init_options = { trusted = true },
      })
      vim.lsp.buf_attach_client(0, client_id)
      local t0 = vim.loop.hrtime()
      wait_for(function() return #vim.diagnostic.get(0) > 0 end, 10000)
      emit({ step = 'open', ms = (vim.loop.hrtime() - t0) / 1e6, diagnostics = diagnostics() })

      -- type a GitHub token on a new line 3
      local before = #vim.diagnostic.get(0)
      t0 = vim.loop.hrtime()
      vim.api.nvim_buf_set_lines(0, 2, 2, false, { 'const gh = "ghp_' .. string.rep('aB3dE5fG7h', 3) .. 'XyZ789";' })
      wait_for(function() return #vim.diagnostic.get(0) > before end, 10000)
      emit({ step = 'typed', ms = (vim.loop.hrtime() - t0) / 1e6, diagnostics = diagnostics() })

      -- the preferred quick-fix for the first diagnostic
      -- what vim.lsp.buf.code_action() sends in Neovim 0.7: the line's diagnostics in LSP shape
      local d = vim.diagnostic.get(0)[1]
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(0) },
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, d.lnum) },
      }
      local responses = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 5000) or {}
      local titles, chosen = {}, nil
      for _, r in pairs(responses) do
        for _, action in ipairs(r.result or {}) do
          table.insert(titles, action.title)
          if action.isPreferred and not chosen then chosen = action end
        end
      end
      if chosen then vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16') end
      local n = #vim.diagnostic.get(0)
      wait_for(function() return #vim.diagnostic.get(0) < n end, 10000)
      emit({ step = 'fixed', titles = titles, chosen = chosen and chosen.title or vim.NIL, text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n'), diagnostics = diagnostics() })

      -- other families: open a file the way a user does (:edit), attach, wait for a finding
      -- whose code starts with the given prefix
      vim.o.hidden = true
      local function has_code(bufnr, prefix)
        for _, d in ipairs(vim.diagnostic.get(bufnr)) do
          if type(d.code) == 'string' and d.code:sub(1, #prefix) == prefix then return true end
        end
        return false
      end
      local function open_and_wait(step, file, prefix)
        vim.cmd('edit ' .. vim.fn.fnameescape(file))
        local bufnr = vim.api.nvim_get_current_buf()
        local t = vim.loop.hrtime()
        vim.lsp.buf_attach_client(bufnr, client_id)
        wait_for(function() return has_code(bufnr, prefix) end, 10000)
        emit({ step = step, file = file, filetype = vim.bo[bufnr].filetype, ms = (vim.loop.hrtime() - t) / 1e6, diagnostics = diagnostics(bufnr) })
        return bufnr
      end
      -- Findings may already have been pushed for the file by the workspace scan; an edit shows
      -- that the open buffer itself is analysed.
      local policy = open_and_wait('iam', 'infra/bot-policy.json', 'iam/')
      local line = vim.api.nvim_buf_get_lines(policy, 6, 7, false)[1]
      t0 = vim.loop.hrtime()
      vim.api.nvim_buf_set_lines(policy, 6, 7, false, { (line:gsub('"s3:%*"', '"*"')) })
      wait_for(function() return has_code(policy, 'iam/aws-wildcard-action') end, 10000)
      emit({ step = 'iam-typed', ms = (vim.loop.hrtime() - t0) / 1e6, line = vim.api.nvim_buf_get_lines(policy, 6, 7, false)[1], diagnostics = diagnostics(policy) })

      local deployment = open_and_wait('network', 'k8s/deployment.yaml', 'network/')
      t0 = vim.loop.hrtime()
      vim.api.nvim_buf_set_lines(deployment, -1, -1, false, {
        '---', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: standup-bot', '  namespace: bots',
        'spec:', '  podSelector:', '    matchLabels:', '      app: standup-bot', '  policyTypes: [Ingress, Egress]',
      })
      wait_for(function() return not has_code(deployment, 'network/no-policy') end, 10000)
      emit({ step = 'network-typed', ms = (vim.loop.hrtime() - t0) / 1e6, diagnostics = diagnostics(deployment) })
    end)
    if not ok then emit({ step = 'error', error = tostring(err) }) end
    vim.cmd('qa!')
  end,
})
